import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_f98c1bb27dc7f834276462aa207d51eb1eeda605 {
    static final String base64Bytes = String.join("", "yQEAAAAAAAB7ImZjLndlaWdodCI6IHsiZHR5cGUiOiAiRjMyIiwgInNoYXBlIjogWzIsIDJdLCAiZGF0YV9vZmZzZXRzIjogWzAsIDE2XX0sICJibi5udW1fYmF0Y2hlc190cmFja2VkIjogeyJkdHlwZSI6ICJJNjQiLCAic2hhcGUiOiBbXSwgImRhdGFfb2Zmc2V0cyI6IFsxNiwgMjRdfSwgImgiOiB7ImR0eXBlIjogIkYxNiIsICJzaGFwZSI6IFsyXSwgImRhdGFfb2Zmc2V0cyI6IFsyNCwgMjhdfSwgImIiOiB7ImR0eXBlIjogIkJGMTYiLCAic2hhcGUiOiBbMV0sICJkYXRhX29mZnNldHMiOiBbMjgsIDMwXX0sICJkIjogeyJkdHlwZSI6ICJGNjQiLCAic2hhcGUiOiBbMV0sICJkYXRhX29mZnNldHMiOiBbMzAsIC04XX0sICJpIjogeyJkdHlwZSI6ICJJMzIiLCAic2hhcGUiOiBbMF0sICJkYXRhX29mZnNldHMiOiBbMzgsIDM4XX0sICJfX21ldGFkYXRhX18iOiB7ImZvcm1hdCI6ICJwdCIsICJlcG9jaCI6ICIxIn19AACAPwAAAEAAAEBAAACAQAcAAAAAAAAAAAAAAAA8AHyAPwAAAAAAAOA/");

    public static void main(String[] args) throws Throwable {
        Crash_f98c1bb27dc7f834276462aa207d51eb1eeda605.class.getClassLoader().setDefaultAssertionStatus(true);
        try {
            Method fuzzerInitialize = dev.ltx.nn.FuzzDriver.class.getMethod("fuzzerInitialize");
            fuzzerInitialize.invoke(null);
        } catch (NoSuchMethodException ignored) {
            try {
                Method fuzzerInitialize = dev.ltx.nn.FuzzDriver.class.getMethod("fuzzerInitialize", String[].class);
                fuzzerInitialize.invoke(null, (Object) args);
            } catch (NoSuchMethodException ignored1) {
            } catch (IllegalAccessException | InvocationTargetException e) {
                e.printStackTrace();
                System.exit(1);
            }
        } catch (IllegalAccessException | InvocationTargetException e) {
            e.printStackTrace();
            System.exit(1);
        }
        byte[] input = java.util.Base64.getDecoder().decode(base64Bytes);
        dev.ltx.nn.FuzzDriver.fuzzerTestOneInput(input);
    }
}