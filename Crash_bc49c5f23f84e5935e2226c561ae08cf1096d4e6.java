import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_bc49c5f23f84e5935e2226c561ae08cf1096d4e6 {
    static final String base64Bytes = String.join("", "ewogICJtb2RlbCIgOiB7CiAgICAia2luZCIgIDogNCwKICAgICJ3aWR0aEZhY3RvciIgOiAxLjAsCiAgICAibWxwV2lkdGgiIDogNjQsCiAgICAiYWN0aXZhdGlvbiIgOiAicmVsdSIsCiAgICAiYmlhcyIgOiBmYWxzZQogIH0sCiAgImRhdGFzZXQiIDogInN5bnRoZSVpYyIsCiAgImRhdGFEaXIiIDogbnVsbCwKICAiY2xhc3NTdWJzZXQiIDogMCwKICAiYXVnbWVudGFwaW9uIiA6ICJub25lIiwKICAic3BsaXRTZWVkIiA6IDc3NywKICAiZXBvY2hzIiA6IDIsCiAgImJhdGNoU2l6ZSIgOiAxMjgsCiAgImV2YWxCYXRjaFNpemUiIDogNTEyLAogICJvcHRpbWl6ZXIiIDogewogICAgImtpbmQiIDogInNnZCIsCiAgICAibW9tZW50dW0iIDogMC45LAogICAgIndlaWdodERlY2F5IiA6IDAuMCwKICAgICJuZXN0ZXJvdiIgOiBmYWxzZSwKICAgICJiZXRhMSIgOiAwLjksCiAgICAiYmV0YTIiIDogMC45OTksCiAgICAiZXBzIiA6IDEuMEUtOAogIH0sCiAgInNjaGVkdWxlIiA6ICJjb25zdGFudDpscj0wLjAxIiwKICAic2VlZCIgOiAxLAogICJjaGVja3BvaW50RXBvY2hzIiA6IFsgLTEsIDAsIDEgXSwKICAidGhyZWFkcyIgOiAwLAogICJsb2dFdmVyeSIgOiAwCn0K");

    public static void main(String[] args) throws Throwable {
        Crash_bc49c5f23f84e5935e2226c561ae08cf1096d4e6.class.getClassLoader().setDefaultAssertionStatus(true);
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