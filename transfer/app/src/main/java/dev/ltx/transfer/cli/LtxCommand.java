package dev.ltx.transfer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code ltx} command. Subcommands: {@code train}, {@code transfer}, {@code match},
 * {@code reproduce} and {@code spec}; {@code eval} and {@code finetune} are to come, each as one more class in
 * {@link Command#subcommands()}.
 */
@Command(name = "ltx", mixinStandardHelpOptions = true, versionProvider = LtxCommand.Version.class,
        subcommands = {TrainCommand.class, TransferCommand.class, MatchCommand.class, ReproduceCommand.class,
            SpecCommand.class, CommandLine.HelpCommand.class},
        description = "Learning transfer on the JVM: train source trajectories, transfer them between initializations.")
final class LtxCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: try 'ltx train --help'");
    }

    /** The version from the packaged Maven descriptor. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            try (InputStream in = LtxCommand.class.getResourceAsStream(
                    "/META-INF/maven/dev.ltx/ltx-transfer/pom.properties")) {
                String v = "dev";
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    v = p.getProperty("version", v);
                }
                return new String[] {"ltx " + v + " (Java " + System.getProperty("java.version") + ")"};
            }
        }
    }
}
