using MetaOpt.Launcher.Cli;
using MetaOpt.Launcher.Commands.Run;
using MetaOpt.Studies;

namespace MetaOpt.Launcher.Commands.External;

/// <summary>
/// What <c>ask</c>, <c>tell</c> and <c>report-value</c> share: each call opens the storage, does one step and closes
/// it, so a script calls them as often as it likes; the sampler and pruner a study was asked with are stored on it.
/// </summary>
internal static class ExternalStudy
{
    public static readonly string DefaultSampler = SamplerRegistry.Names.NameOf(SamplerKind.Auto);
    public static readonly string DefaultPruner = PrunerRegistry.Names.NameOf(PrunerKind.Median);

    /// <summary>The pruner of a study asked without one: <see cref="DefaultPruner"/>, none for a multi-objective study (which cannot be pruned).</summary>
    public static string DefaultPrunerOf(IReadOnlyList<Direction> directions) =>
        directions.Count > 1 ? PrunerRegistry.Names.NameOf(PrunerKind.None) : DefaultPruner;

    // Scripts running several workers call at once: a call waits its turn for the lock rather than failing.
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    /// <summary>Opens the storage (a file or a database) for writing, waiting up to 30 s while another call holds a file.</summary>
    /// <param name="path">The file or URL, as given.</param>
    /// <param name="create">Whether a missing file is created (<c>ask</c>) rather than refused (<c>tell</c>, <c>report-value</c>).</param>
    public static IStorage OpenStorage(string path, bool create) =>
        create
            ? StorageFile.Open(path, create: true, LockWait)
            : StorageFile.OpenExistingForWriting(path, "metaopt ask <study> --search-space FILE", LockWait);

    /// <summary>Loads a stored study with the sampler and pruner it was asked with, its warnings printed on <paramref name="error"/>.</summary>
    public static Study Load(IStorage storage, string name, string path, TextWriter error)
    {
        var info = storage.FindStudy(name)
                   ?? throw LauncherException.Usage($"no study '{Format.Name(name)}' in '{StorageLocation.Describe(path)}': create it with 'metaopt ask {Format.Name(name)} --search-space FILE'");
        // Telling and reporting sample nothing, so only the pruner matters here.
        return Study.Load(name, new StudyOptions
        {
            Storage = storage,
            Logger = new StderrLogger(error),
            Pruner = PrunerRegistry.Create(StoredText(info.UserAttrs, StudyRun.SettingAttrs.Pruner, DefaultPrunerOf(info.Directions)), epochs: 0),
        });
    }

    /// <summary>The options <c>ask</c> opens a study with: the given settings, else those stored on it, else the defaults.</summary>
    public static StudyOptions AskOptions(IStorage storage, StudyInfo? info, IReadOnlyDictionary<string, Distribution> space,
        IReadOnlyList<Direction>? directions, string? sampler, string? pruner, int? seed)
    {
        var attrs = info?.UserAttrs ?? new Dictionary<string, object>();
        var objectives = directions ?? info?.Directions ?? [Direction.Minimize];
        // The study's own seed: each trial draws from it and its number, so calls at once (each a new process) differ.
        var samplerSeed = seed ?? StoredWhole(attrs, StudyRun.SettingAttrs.Seed);
        return new StudyOptions
        {
            Storage = storage,
            Directions = directions,
            Seed = samplerSeed,
            Sampler = SamplerRegistry.Create(sampler ?? StoredText(attrs, StudyRun.SettingAttrs.Sampler, DefaultSampler), samplerSeed, space),
            Pruner = PrunerRegistry.Create(pruner ?? StoredText(attrs, StudyRun.SettingAttrs.Pruner, DefaultPrunerOf(objectives)), epochs: 0),
        };
    }

    /// <summary>The running trial of that number, or a one-line error saying why it cannot be reported to or told.</summary>
    public static Trial RunningTrial(Study study, int number)
    {
        try
        {
            return study.ResumeTrial(number);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
        {
            throw LauncherException.Usage($"cannot use trial {number} of '{Format.Name(study.Name)}': {Format.Reason(e)}");
        }
    }

    private static string StoredText(IReadOnlyDictionary<string, object> attrs, string key, string fallback) =>
        attrs.GetValueOrDefault(key) as string ?? fallback;

    private static int StoredWhole(IReadOnlyDictionary<string, object> attrs, string key) =>
        attrs.GetValueOrDefault(key) is IConvertible value ? value.ToInt32(System.Globalization.CultureInfo.InvariantCulture) : 0;
}
