package dev.voicetrace.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.javaagent.extension.instrumentation.InstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.matcher.ElementMatcher;
import org.junit.jupiter.api.Test;

/**
 * Without muzzle, every class an advice reaches must be listed as a helper, or the advice fails
 * with a NoClassDefFoundError that only debug logging shows. This derives the reachable classes
 * from the bytecode and compares them with each module's list, and checks that what advice calls
 * on a helper is public (inlined advice runs inside the instrumented class).
 */
class HelperClassesTest {
  private static final String OURS = "dev/voicetrace/instrumentation/";

  @Test
  void everyModuleListsExactlyTheHelpersItsAdviceReaches() throws Exception {
    List<InstrumentationModule> modules = new ArrayList<>();
    ServiceLoader.load(InstrumentationModule.class).forEach(modules::add);
    assertTrue(modules.size() >= 5, "expected voicetrace's modules on the class path, found " + modules);
    for (InstrumentationModule module : modules) {
      Set<String> advice = new TreeSet<>();
      for (TypeInstrumentation ti : module.typeInstrumentations()) {
        ti.transform(new RecordingTransformer(advice));
      }
      Set<String> reachable = new TreeSet<>();
      Deque<String> work = new ArrayDeque<>();
      for (String a : advice) {
        String internal = a.replace('.', '/');
        String outer = internal.substring(0, internal.lastIndexOf('$'));
        for (String ref : references(internal)) {
          if (ref.startsWith(OURS) && !ref.equals(internal) && !ref.equals(outer) && reachable.add(ref)) {
            work.add(ref);
          }
        }
        assertPublicAccess(internal);
      }
      while (!work.isEmpty()) {
        String helper = work.poll();
        for (String ref : references(helper)) {
          assertFalse(ref.startsWith("dev/voicetrace/core/"),
              helper + " reaches " + ref + ", which lives only in the extension class loader");
          if (ref.startsWith(OURS) && reachable.add(ref)) {
            work.add(ref);
          }
        }
      }
      Set<String> expected = new TreeSet<>();
      for (String r : reachable) {
        expected.add(r.replace('/', '.'));
      }
      assertEquals(expected, new TreeSet<>(module.getAdditionalHelperClassNames()),
          module.instrumentationName() + ": getAdditionalHelperClassNames() must list every class its advice reaches");
      assertSuperTypesFirst(module.getAdditionalHelperClassNames());
    }
  }

  private static void assertSuperTypesFirst(List<String> helpers) throws ClassNotFoundException {
    for (int i = 0; i < helpers.size(); i++) {
      Class<?> c = Class.forName(helpers.get(i), false, HelperClassesTest.class.getClassLoader());
      List<Class<?>> supers = new ArrayList<>();
      supers.add(c.getSuperclass());
      for (Class<?> iface : c.getInterfaces()) {
        supers.add(iface);
      }
      for (Class<?> s : supers) {
        if (s != null && helpers.contains(s.getName())) {
          assertTrue(helpers.indexOf(s.getName()) < i, s.getName() + " must be listed before " + c.getName());
        }
      }
    }
  }

  /** Methods and fields of our helpers that inlined advice touches must be public. */
  private static void assertPublicAccess(String adviceInternalName) throws IOException {
    List<String[]> calls = new ArrayList<>();
    read(adviceInternalName).accept(new ClassVisitor(Opcodes.ASM9) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exceptions) {
        return new MethodVisitor(Opcodes.ASM9) {
          @Override
          public void visitMethodInsn(int opcode, String owner, String mname, String mdesc, boolean itf) {
            if (owner.startsWith(OURS)) {
              calls.add(new String[] {owner, mname, mdesc});
            }
          }
        };
      }
    }, ClassReader.SKIP_DEBUG);
    for (String[] call : calls) {
      boolean[] isPublic = {false};
      boolean[] found = {false};
      ClassReader owner = read(call[0]);
      assertTrue(Modifier.isPublic(owner.getAccess()), call[0] + " is used by advice and must be public");
      owner.accept(new ClassVisitor(Opcodes.ASM9) {
        @Override
        public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exceptions) {
          if (name.equals(call[1]) && desc.equals(call[2])) {
            found[0] = true;
            isPublic[0] = (access & Opcodes.ACC_PUBLIC) != 0;
          }
          return null;
        }
      }, ClassReader.SKIP_CODE);
      assertTrue(!found[0] || isPublic[0],
          adviceInternalName + " calls " + call[0] + "." + call[1] + ", which must be public");
    }
  }

  private static Set<String> references(String internalName) throws IOException {
    ClassReader reader = read(internalName);
    Set<String> out = new TreeSet<>();
    char[] buf = new char[reader.getMaxStringLength()];
    for (int i = 1; i < reader.getItemCount(); i++) {
      int offset = reader.getItem(i);
      if (offset > 0 && reader.readByte(offset - 1) == 7) { // CONSTANT_Class
        String name = reader.readUTF8(offset, buf);
        if (name != null) {
          out.add(name.startsWith("[") ? name.replaceAll("^\\[+L|;$", "") : name);
        }
      }
    }
    return out;
  }

  private static ClassReader read(String internalName) throws IOException {
    try (InputStream in = HelperClassesTest.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
      if (in == null) {
        throw new IOException("no class file for " + internalName);
      }
      return new ClassReader(in);
    }
  }

  private static final class RecordingTransformer implements TypeTransformer {
    private final Set<String> advice;

    RecordingTransformer(Set<String> advice) {
      this.advice = advice;
    }

    @Override
    public void applyAdviceToMethod(
        ElementMatcher<? super MethodDescription> matcher,
        Function<Advice.WithCustomMapping, Advice.WithCustomMapping> mappingCustomizer,
        String adviceClassName) {
      advice.add(adviceClassName);
    }

    @Override
    public void applyTransformer(net.bytebuddy.agent.builder.AgentBuilder.Transformer transformer) {}
  }
}
