using System.CommandLine;
using MetaOpt.Launcher.Cli;
using MetaOpt.Launcher.Commands.Best;
using MetaOpt.Launcher.Commands.Export;
using MetaOpt.Launcher.Commands.External;
using MetaOpt.Launcher.Commands.List;
using MetaOpt.Launcher.Commands.New;
using MetaOpt.Launcher.Commands.Report;
using MetaOpt.Launcher.Commands.Run;
using MetaOpt.Launcher.Commands.Show;
using MetaOpt.Launcher.Commands.Storage;
using MetaOpt.Launcher.Commands.StoredStudy;
using MetaOpt.Launcher.Commands.Studies;
using MetaOpt.Launcher.Commands.Worker;
using MetaOpt.Launcher.UserStudies;

namespace MetaOpt.Launcher;

/// <summary>The <c>metaopt</c> command line: one verb per command class under <c>Commands/</c>.</summary>
internal static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs a command line with the given output and error writers; the entry point tests use too.</summary>
    internal static int Run(string[] args, TextWriter output, TextWriter error)
    {
        using var interruption = new Interruption();
        RootCommand tree;
        try
        {
            tree = CommandTree(interruption, error);
        }
        catch (LauncherException e)
        {
            // A package that cannot be loaded, or one taking a name already taken, is refused whatever the command.
            error.WriteLine($"metaopt: {e.Message}");
            return e.ExitCode;
        }
        return CommandLineHost.Invoke(tree, args, output, error, interruption);
    }

    /// <summary>The whole command tree, the installed packages' commands included; tests parse the help's examples with it.</summary>
    /// <exception cref="LauncherException">A package cannot be loaded, or a command's name is taken.</exception>
    internal static RootCommand CommandTree(Interruption interruption, TextWriter log)
    {
        var root = new RootCommand("MetaOpt: define hyperparameter studies in code, run and resume them, and read their convergence reports.")
        {
            new StudiesCommand(),
            new RunCommand(interruption),
            new ListCommand(),
            new ShowCommand(),
            new BestCommand(),
            new Commands.Confirm.ConfirmCommand(interruption),
            new Commands.Suggest.SuggestCommand(),
            new ReportCommand(interruption),
            new ExportCommand(),
            new Commands.Dashboard.DashboardCommand(interruption),
            new StorageCommand(),
            new StudyCommand(),
            new AskCommand(),
            new TellCommand(),
            new ReportValueCommand(),
            new NewCommand(),
            new WorkerCommand(),
        }.WithExamples("metaopt studies", "metaopt run functions-branin --trials 40", "metaopt show functions-branin --sort value --limit 10");
        PackageCommands.AddTo(root, interruption, StudyPackages.All(log));
        return root;
    }
}
