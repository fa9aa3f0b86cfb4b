package dev.voicetrace.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.javaagent.extension.instrumentation.InstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import net.bytebuddy.description.annotation.AnnotationList;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.description.type.TypeList;
import org.junit.jupiter.api.Test;

/**
 * Start-up cost: every class the application loads is offered to every hook's type matcher, and a
 * matcher that asks for a class's supertypes makes the agent read and parse their class files. A
 * hook that matches by supertype must first ask whether the class declares one of the methods it
 * advises (advice only applies to declared methods, so nothing else could change), so that the
 * ordinary class, which declares none, costs no hierarchy walk.
 */
class TypeMatchersTest {

  @Test
  void noHookWalksTheHierarchyOfAClassThatDeclaresNoneOfItsMethods() {
    List<InstrumentationModule> modules = new ArrayList<>();
    ServiceLoader.load(InstrumentationModule.class).forEach(modules::add);
    assertTrue(modules.size() >= 5, "expected voicetrace's modules on the class path, found " + modules);
    int hooks = 0;
    List<String> walking = new ArrayList<>();
    for (InstrumentationModule module : modules) {
      for (TypeInstrumentation hook : module.typeInstrumentations()) {
        hooks++;
        CountingType plain = new CountingType("com.example.bot.PlainClass");
        assertFalse(hook.typeMatcher().matches(plain), hook.getClass().getName() + " matched a plain class");
        if (plain.hierarchyReads > 0) {
          walking.add(hook.getClass().getName());
        }
      }
    }
    assertTrue(hooks >= 20, "expected voicetrace's hooks, found " + hooks);
    assertEquals(Collections.emptyList(), walking,
        "these hooks read the supertypes of a class that declares none of the methods they advise");
  }

  /** A class with no methods, annotations or fields, extending Object, that counts hierarchy reads. */
  private static final class CountingType extends TypeDescription.Latent {
    int hierarchyReads;

    CountingType(String name) {
      super(name, Modifier.PUBLIC, TypeDescription.Generic.OfNonGenericType.ForLoadedType.of(Object.class),
          Collections.emptyList());
    }

    @Override
    public MethodList<MethodDescription.InDefinedShape> getDeclaredMethods() {
      return new MethodList.Empty<>();
    }

    @Override
    public AnnotationList getDeclaredAnnotations() {
      return new AnnotationList.Empty();
    }

    @Override
    public Generic getSuperClass() {
      hierarchyReads++;
      return super.getSuperClass();
    }

    @Override
    public TypeList.Generic getInterfaces() {
      hierarchyReads++;
      return super.getInterfaces();
    }
  }
}
