using System.CommandLine;
using MetaOpt.Launcher.Cli;
using MetaOpt.Studies;

namespace MetaOpt.Launcher.UserStudies;

/// <summary>
/// The commands the installed study packages contribute (<see cref="IStudyCommand"/>), added to the launcher's, and
/// a stand-in for each command the documentation promises where no package brings it.
/// </summary>
internal static class PackageCommands
{
    // Documented with the launcher but brought by a package: without it, the command says what to install
    // instead of being an unknown word.
    private static readonly (string Name, string Summary)[] Expected =
        [("train", "Train the recommender once with explicit hyperparameters and print its metrics."),
         ("predict", "Predict ratings of given users and items with a study's best kept model, after adapting to each user's ratings."),
         ("ensemble", "Combine a study's best kept models by Caruana's ensemble selection on the validation users and compare them on the test users.")];

    /// <summary>Adds the commands of <paramref name="packages"/> to <paramref name="root"/>, which holds the launcher's own.</summary>
    /// <exception cref="LauncherException">A command's name is taken, or building it failed.</exception>
    public static void AddTo(RootCommand root, Interruption interruption, IReadOnlyList<StudyPackage> packages)
    {
        var context = new Context(interruption);
        var launchers = root.Subcommands.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var package in packages)
        {
            foreach (var contribution in package.Contributions.Commands)
            {
                var command = Create(contribution, context, package);
                if (launchers.Contains(command.Name))
                    throw LauncherException.Failure($"command '{command.Name}' of '{package.Source}' is one of the launcher's own: remove the package or rename its command");
                if (owners.TryGetValue(command.Name, out var other))
                    throw LauncherException.Failure($"command '{command.Name}' of '{package.Source}' is also contributed by '{other}': remove one of the packages");
                owners[command.Name] = package.Source;
                root.Subcommands.Add(command);
            }
        }
        foreach (var (name, summary) in Expected.Where(e => !owners.ContainsKey(e.Name)))
            root.Subcommands.Add(Unavailable(name, summary));
    }

    private static Command Create(IStudyCommand contribution, StudyCommandContext context, StudyPackage package)
    {
        try
        {
            return contribution.Create(context);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw LauncherException.Failure($"{contribution.GetType().Name} of '{package.Source}' failed to build its command: {e.GetType().Name}: {Format.Reason(e)}", e);
        }
    }

    /// <summary>A command no installed package brings: it takes any arguments and says what to install.</summary>
    private static Command Unavailable(string name, string summary)
    {
        var command = new Command(name, summary + " Needs the recommender studies (not installed).") { TreatUnmatchedTokensAsErrors = false };
        command.SetAction(Refuse);
        return command;

        int Refuse(ParseResult parse) => throw LauncherException.Failure($"cannot {name}: {StudyPackages.Missing}");
    }

    private sealed class Context(Interruption interruption) : StudyCommandContext
    {
        public override CancellationToken ListenForInterruption() => interruption.Listen();

        public override void AddExamples(Command command, params string[] examples) => command.WithExamples(examples);

        public override Option<string> CreateStorageOption() => CommonOptions.Storage();

        public override Stream OpenBestTrialArtifact(string storage, string study, string name)
        {
            using var opened = StorageFile.Open(storage, create: false);
            var loaded = StorageFile.LoadStudy(opened, study, storage);
            if (loaded.GetTrials(TrialState.Complete).Count == 0)
                throw LauncherException.Failure($"study '{Format.Name(study)}' has no completed trial yet: run it first with 'metaopt run'");
            var best = loaded.BestTrial;
            return ReadChecked(Store(storage, opened, study), best, name, $"trial {best.Number}, the best of study '{Format.Name(study)}'");
        }

        public override IReadOnlyList<KeptTrialArtifacts> OpenKeptTrialArtifacts(string storage, string study, int count, params IReadOnlyList<string> names)
        {
            using var opened = StorageFile.Open(storage, create: false);
            var loaded = StorageFile.LoadStudy(opened, study, storage);
            if (loaded.IsMultiObjective)
                throw LauncherException.Usage($"study '{Format.Name(study)}' has {loaded.Directions.Count} objectives: its trials have no single best-first order to take kept ones from");
            var store = Store(storage, opened, study);
            return StudyArtifacts.BestKeeping(store, loaded.Trials, loaded.Direction, count, names)
                .Select(t => new KeptTrialArtifacts(t, names.Select(n => ReadChecked(store, t, n, $"trial {t.Number} of study '{Format.Name(study)}'")).ToList()))
                .ToList();
        }

        private static IArtifactStore Store(string storage, IStorage opened, string study) =>
            ArtifactLocation.Existing(storage, opened.FindStudy(study))
                ?? throw LauncherException.Failure($"study '{Format.Name(study)}' has no artifact folder here: its models were not kept, or not copied with the storage");

        // Read whole, so the storage closes before the command goes on; a model is megabytes.
        private static MemoryStream ReadChecked(IArtifactStore store, FrozenTrial trial, string name, string which)
        {
            try
            {
                return StudyArtifacts.ReadVerified(store, trial, name);
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidDataException or IOException)
            {
                throw LauncherException.Failure($"cannot read '{name}' of {which}: {Format.Reason(e)}", e);
            }
        }
    }
}
