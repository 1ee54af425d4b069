import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_b053d8e631f9ae70afaa719e9db4d8c14b5a2f09 {
    static final String base64Bytes = String.join("", "H4sIAAAAAAACXWNg4GBkYGBgZuALAAAA");

    public static void main(String[] args) throws Throwable {
        Crash_b053d8e631f9ae70afaa719e9db4d8c14b5a2f09.class.getClassLoader().setDefaultAssertionStatus(true);
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