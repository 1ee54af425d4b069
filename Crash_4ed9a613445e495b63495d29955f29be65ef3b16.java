import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_4ed9a613445e495b63495d29955f29be65ef3b16 {
    static final String base64Bytes = String.join("", "eyJmYy53ZWlnaHQiOiB7ImR0eXBlIjogIkYzMiIsICJzaGFwZSI6IFsyLCAyXSwgImRhdGFfb2Zmc2V0cyI6IFswLCAxNl19LCAiYm4ubnVtX2JhdGNoZXNfdHJhY2tlZCI6IHsiZHR5cGUiOiAiSTY0IiwgInNoYXBlIjogW10sICJkYXRhX29mZnNldHMiOiBbLTYsIDI0XX0sICJoIjogeyJkcGUiOiBbMV0sICJkYXRhX29mZnNldHMiOiBbMjgsIDMwXX0sICJkIjogeyJldHMiOiBbMjksIDM4XX0sICJpIjogeyJkdHlwZSI6ICJJMzIiLCAiczpoW2FwZSI6IFswXSwgImRhdGFfb2Zmc2V0cyI6IFszOCwgMzhdfSwgIl9fbWV0YWRhdGFfXyI6IHsiZm9ybWF0IjogInB0IiwgImVwb2NoIjogIjEifX0=");

    public static void main(String[] args) throws Throwable {
        Crash_4ed9a613445e495b63495d29955f29be65ef3b16.class.getClassLoader().setDefaultAssertionStatus(true);
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