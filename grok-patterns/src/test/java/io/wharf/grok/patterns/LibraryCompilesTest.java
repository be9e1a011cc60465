package io.wharf.grok.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.grok.EcsCompatibility;
import io.wharf.grok.GrokCompileException;
import io.wharf.grok.GrokCompiler;
import io.wharf.grok.PatternLibrary;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The compile check of both standard sets: every built-in pattern compiles on its own. */
class LibraryCompilesTest {
    /**
     * Logstash's ECS set defines EXIM_FLAGS as {@code (<=|=>|->|*>|**|==|<>|>>)}: a repeat with
     * nothing to repeat, which Ruby's regex engine refuses as joni does. No other pattern uses it;
     * it is kept so that the set has every name Logstash's has.
     */
    static final List<String> BROKEN_IN_LOGSTASH_TOO = List.of("EXIM_FLAGS");

    @ParameterizedTest
    @EnumSource(EcsCompatibility.class)
    void everyPatternOfTheSetCompiles(EcsCompatibility ecs) {
        PatternLibrary library = PatternLibrary.builtin(ecs);
        GrokCompiler compiler = new GrokCompiler(library);
        List<String> broken = new ArrayList<>();
        for (String name : library.names()) {
            if (ecs == EcsCompatibility.V1 && BROKEN_IN_LOGSTASH_TOO.contains(name)) {
                assertThat(catchCompile(compiler, name)).as(name).isNotNull();
                continue;
            }
            try {
                compiler.compile("%{" + name + "}");
            } catch (GrokCompileException e) {
                broken.add(e.getMessage());
            }
        }
        assertThat(broken).isEmpty();
        assertThat(library.names()).hasSizeGreaterThan(300);
    }

    private static GrokCompileException catchCompile(GrokCompiler compiler, String name) {
        try {
            compiler.compile("%{" + name + "}");
            return null;
        } catch (GrokCompileException e) {
            return e;
        }
    }
}
