import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the {@code @Tag("cuda")} JUnit tests of ltx without Maven, on the GPU machine of
 * {@code bench/device-check.sh} (which has no JDK or Maven: this class is compiled by
 * {@code bench/make-device-kit.sh} into the kit). Usage, with the kit's test classpath:
 * {@code java -cp ... CudaTestLauncher [--exclude CLASS_NAME_REGEX]...}. Prints one line per test
 * (PASS, FAIL with the reason, SKIP with the reason) and a summary. Exit status 0 when some test
 * passed and none failed, 1 otherwise (all skipped, e.g. without a device, is a failure here).
 */
public final class CudaTestLauncher {
    private CudaTestLauncher() {
    }

    public static void main(String[] args) {
        List<String> excluded = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--exclude") && i + 1 < args.length) {
                excluded.add(args[++i]);
            } else {
                System.err.println("usage: CudaTestLauncher [--exclude CLASS_NAME_REGEX]...");
                System.exit(2);
            }
        }
        LauncherDiscoveryRequestBuilder b = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectPackage("dev.ltx"))
                .filters(TagFilter.includeTags("cuda"));
        if (!excluded.isEmpty()) {
            b.filters(ClassNameFilter.excludeClassNamePatterns(excluded.toArray(String[]::new)));
        }
        LauncherDiscoveryRequest request = b.build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        TestExecutionListener lines = new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                System.out.println("SKIP " + id.getLegacyReportingName() + ": " + reason);
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult r) {
                if (!id.isTest() && r.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    return;
                }
                String name = id.getLegacyReportingName();
                switch (r.getStatus()) {
                    case SUCCESSFUL -> System.out.println("PASS " + name);
                    case ABORTED -> System.out.println("SKIP " + name + ": "
                            + r.getThrowable().map(Throwable::getMessage).orElse(""));
                    case FAILED -> System.out.println("FAIL " + name + ": "
                            + r.getThrowable().map(Throwable::toString).orElse(""));
                }
            }
        };
        launcher.execute(request, summary, lines);
        TestExecutionSummary s = summary.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        s.printTo(out);
        s.printFailuresTo(out, 15);
        out.flush();
        boolean ok = s.getTestsSucceededCount() > 0 && s.getTotalFailureCount() == 0;
        System.exit(ok ? 0 : 1);
    }
}
