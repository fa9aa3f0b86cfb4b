package dev.voicetrace.sample.fake;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure OpenAI's paths for the OpenAI operations: {@code /openai/deployments/{deployment}/…} (with an
 * {@code api-version} query) in place of {@code /v1/…}. The OpenAI routes serve both the same way.
 */
final class AzureOpenAiPaths {

    private static final Pattern DEPLOYMENT = Pattern.compile("/openai/deployments/([^/]+)(/.+)");

    private AzureOpenAiPaths() {
    }

    /** Whether {@code path} is the Azure deployment path of {@code operation}, e.g. {@code /audio/speech}. */
    static boolean isDeployment(String path, String operation) {
        Matcher m = DEPLOYMENT.matcher(path);
        return m.matches() && m.group(2).equals(operation);
    }

    /** Whether {@code path} is {@code /v1}{@code operation} or its Azure deployment path. */
    static boolean matches(String path, String operation) {
        return path.equals("/v1" + operation) || isDeployment(path, operation);
    }

    /** The deployment named in {@code path}, or {@code null} when it is not an Azure deployment path. */
    static String deployment(String path) {
        Matcher m = DEPLOYMENT.matcher(path);
        return m.matches() ? m.group(1) : null;
    }
}
