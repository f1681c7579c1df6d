using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetaOpt;

/// <summary>A hyperparameter optimisation study: a named, stored sequence of trials driven by a sampler and a pruner.</summary>
/// <remarks>
/// Create or continue one with <see cref="CreateOrLoad"/>, then either let <see cref="Optimize"/> run the objective,
/// or drive it yourself with <see cref="Ask()"/> and <see cref="Tell(Trial, double)"/>. All state lives in the
/// storage, so a study loaded again (even after its process was killed) continues where it stopped and its
/// sampler sees the whole history. Instances are thread-safe.
/// </remarks>
/// <example><code>
/// var study = Study.CreateOrLoad("demo", new StudyOptions { Sampler = new TpeSampler(seed: 7) });
/// study.Optimize(t => Math.Pow(t.SuggestFloat("x", -10, 10) - 2, 2), trials: 50);
/// var bestX = (double)study.BestParams["x"];   // near 2
/// </code></example>
public sealed partial class Study
{
    private readonly IStorage _storage;
    // The trials this object started or resumed and has not told, by id (see Trial.Snapshot).
    private readonly ConcurrentDictionary<long, Trial> _liveTrials = new();
    private volatile bool _stopRequested;

    private Study(StudyInfo info, StudyOptions options)
    {
        Name = info.Name;
        Directions = info.Directions;
        Options = options;
        _storage = options.Storage!;
        Sampler = options.Sampler ?? new AutoSampler();
        Pruner = options.Pruner ?? new NopPruner();
        Logger = options.Logger ?? NullLogger.Instance;
        Seed = options.Seed ?? (info.UserAttrs.TryGetValue(SeedAttr, out var stored) ? Convert.ToInt32(stored, CultureInfo.InvariantCulture) : 0);
    }

    /// <summary>The study user attribute holding the study seed (<see cref="StudyOptions.Seed"/>).</summary>
    public const string SeedAttr = "seed";

    /// <summary>
    /// The study seed that every trial's training seed is derived from (<see cref="Trial.Seed"/>):
    /// <see cref="StudyOptions.Seed"/>, else the stored one, else 0.
    /// </summary>
    public int Seed { get; }

    /// <summary>
    /// The training seed of repeat <paramref name="repeat"/> of configuration <paramref name="configuration"/> (its
    /// first trial's number): what <see cref="Ask()"/> gives such a trial, and what a study evaluates anything else
    /// that it repeats with (<see cref="BaselineRuns.Configuration"/>).
    /// </summary>
    public int SeedOf(int configuration, int repeat) => Samplers.SamplerRandom.TrialSeed(Seed, configuration, repeat);

    /// <summary>The study's unique name in its storage.</summary>
    public string Name { get; }

    /// <summary>Whether the objective is minimised or maximised.</summary>
    /// <exception cref="InvalidOperationException">The study has several objectives: read <see cref="Directions"/> (as Optuna refuses <c>study.direction</c>).</exception>
    public Direction Direction => IsMultiObjective
        ? throw new InvalidOperationException($"Study '{Name}' has {Directions.Count} objectives ({Directions.ToText()}): read Directions, not Direction.")
        : Directions[0];

    /// <summary>Whether each objective is minimised or maximised: one direction, or one per objective.</summary>
    public IReadOnlyList<Direction> Directions { get; }

    /// <summary>Whether the study has several objectives, so its trials complete with several values and its best trials are a Pareto front.</summary>
    public bool IsMultiObjective => Directions.Count > 1;

    /// <summary>The options the study was opened with.</summary>
    public StudyOptions Options { get; }

    /// <summary>The sampler proposing parameters.</summary>
    public ISampler Sampler { get; }

    /// <summary>The pruner stopping unpromising trials.</summary>
    public IPruner Pruner { get; }

    /// <summary>The storage holding the study.</summary>
    public IStorage Storage => _storage;

    /// <summary>Creates a new study; fails if the storage already has one of that name.</summary>
    public static Study Create(string name, StudyOptions? options = null)
    {
        options = WithDefaultStorage(options);
        ValidateName(name);
        return Open(Created(options.Storage!.CreateStudy(name, NewStudyDirections(name, options)), options), options);
    }

    /// <summary>
    /// Opens an existing study; fails if there is none of that name. Nothing is written, so a read-only storage
    /// works: trials a dead process left Running stay so until <see cref="Ask()"/> or <see cref="RecoverAbandonedTrials"/>.
    /// </summary>
    public static Study Load(string name, StudyOptions? options = null)
    {
        options = WithDefaultStorage(options);
        var info = options.Storage!.FindStudy(name) ?? throw new KeyNotFoundException(
            $"No study named '{name}' in the storage. Studies there: {Describe(options.Storage!.GetAllStudies())}.");
        return Open(info, options);
    }

    /// <summary>Opens the study of that name, creating it when the storage has none.</summary>
    public static Study CreateOrLoad(string name, StudyOptions? options = null)
    {
        options = WithDefaultStorage(options);
        ValidateName(name);
        var storage = options.Storage!;
        StudyInfo info;
        try
        {
            info = storage.FindStudy(name) ?? Created(storage.CreateStudy(name, NewStudyDirections(name, options)), options);
        }
        catch (InvalidOperationException) when (storage.FindStudy(name) is not null)
        {
            // Another worker created it between our lookup and our create: join that one.
            info = storage.FindStudy(name)!;
        }
        return Open(info, options);
    }

    /// <summary>All trials in number order.</summary>
    public IReadOnlyList<FrozenTrial> Trials => _storage.GetAllTrials(Name);

    /// <summary>The trials in the given states, in number order.</summary>
    public IReadOnlyList<FrozenTrial> GetTrials(params TrialState[] states) =>
        _storage.GetAllTrials(Name, states.Length == 0 ? null : states);

    /// <summary>The best Complete trial.</summary>
    /// <exception cref="InvalidOperationException">No trial has completed yet, or the study has several objectives
    /// (<see cref="BestTrials"/> is its Pareto front).</exception>
    public FrozenTrial BestTrial
    {
        get
        {
            if (IsMultiObjective)
                throw new InvalidOperationException(
                    $"Study '{Name}' has {Directions.Count} objectives, so no single best trial: read BestTrials, its Pareto front.");
            var complete = GetTrials(TrialState.Complete);
            if (complete.Count == 0)
                throw new InvalidOperationException($"Study '{Name}' has no completed trial yet.");
            return Direction.BestBy(complete, t => t.Value)!;
        }
    }

    /// <summary>The Complete trials grouped by configuration (a first evaluation and its repeats), the best mean first.</summary>
    public IReadOnlyList<ConfigurationResult> Configurations => ConfigurationResult.Of(GetTrials(TrialState.Complete), Direction);

    /// <summary>
    /// The Complete trials that no other Complete trial dominates (<see cref="Pareto.Front"/>), in number order: the
    /// Pareto front of a multi-objective study, and the trials sharing the best value in a single-objective one.
    /// </summary>
    public IReadOnlyList<FrozenTrial> BestTrials => Pareto.Front(GetTrials(TrialState.Complete), Directions);

    /// <summary>The value of <see cref="BestTrial"/>.</summary>
    public double BestValue => BestTrial.Value!.Value;

    /// <summary>The parameters of <see cref="BestTrial"/>.</summary>
    public IReadOnlyDictionary<string, object> BestParams => BestTrial.Params;

    /// <summary>The study's user attributes.</summary>
    public IReadOnlyDictionary<string, object> UserAttrs => (_storage.FindStudy(Name) ?? throw Deleted()).UserAttrs;

    /// <summary>Sets a user attribute of the study, such as a description or the data it used.</summary>
    public void SetUserAttr(string key, object value) => _storage.SetStudyUserAttr(Name, key, value);

    /// <summary>Sets a system attribute of a running trial: for samplers and pruners that keep state in the storage.</summary>
    public void SetTrialSystemAttr(long trialId, string key, object value)
    {
        _storage.SetTrialSystemAttr(trialId, key, value);
        if (_liveTrials.TryGetValue(trialId, out var trial))
            trial.Record(t => t.WithSystemAttr(key, value));
    }

    /// <summary>Asks a running <see cref="Optimize"/> to start no new trial; running trials finish normally.</summary>
    public void Stop() => _stopRequested = true;

    /// <summary>True when <paramref name="a"/> is better than <paramref name="b"/> in this single-objective study's direction.</summary>
    /// <exception cref="InvalidOperationException">The study has several objectives.</exception>
    public bool IsBetter(double a, double b) => Direction.IsBetter(a, b);

    /// <summary>Where the study's warnings go: <see cref="StudyOptions.Logger"/>, or nowhere.</summary>
    internal ILogger Logger { get; }

    private static Study Open(StudyInfo info, StudyOptions options)
    {
        if (options.RequestedDirections() is { } requested && !requested.SequenceEqual(info.Directions))
            throw new InvalidOperationException(
                $"Study '{info.Name}' was created to {info.Directions.ToText()} but is opened with {requested.ToText()}; " +
                "open it with the same directions or use another study name.");
        RefuseSingleObjectiveOptions(info.Name, info.Directions, options);
        options.WarmStartFrom?.Validate(options.Storage!, info.Name);
        // Nothing is written here: a reader must be able to load a study without changing it. Abandoned trials are
        // recovered by the writer that goes on with the study, when it asks for its next trial.
        return new Study(info, options);
    }

    /// <summary>The directions a new study is created with: those the options ask for, else minimise one objective.</summary>
    /// <exception cref="ArgumentException">The options cannot serve them (<see cref="RefuseSingleObjectiveOptions"/>); checked before the study is stored.</exception>
    private static IReadOnlyList<Direction> NewStudyDirections(string name, StudyOptions options)
    {
        var directions = options.RequestedDirections() ?? [MetaOpt.Direction.Minimize];
        RefuseSingleObjectiveOptions(name, directions, options);
        return directions;
    }

    /// <summary>
    /// Refuses, before anything runs, what only works with one objective: a sampler that models one value, a pruner
    /// (which compares one intermediate value, as Optuna refuses pruning here), and intensification (which ranks
    /// configurations by one mean).
    /// </summary>
    private static void RefuseSingleObjectiveOptions(string name, IReadOnlyList<Direction> directions, StudyOptions options)
    {
        if (directions.Count == 1)
            return;
        var objectives = $"Study '{name}' has {directions.Count} objectives ({directions.ToText()})";
        var sampler = options.Sampler ?? new AutoSampler();
        if (!sampler.SupportsMultiObjective)
            throw new ArgumentException(
                $"{objectives}, which {sampler.GetType().Name} cannot optimise; use NsgaIISampler, TpeSampler, AutoSampler, RandomSampler, GridSampler or QmcSampler.",
                nameof(options));
        if (options.Pruner is { } pruner and not NopPruner)
            throw new ArgumentException($"{objectives}: pruning is single-objective only, so {pruner.GetType().Name} cannot be used; leave Pruner unset.", nameof(options));
        if (options.Intensification is not null)
            throw new ArgumentException($"{objectives}: intensification ranks configurations by one objective; leave Intensification unset.", nameof(options));
    }

    /// <summary>A study just created, with its seed stored when the options name one, so that later runs derive the same trial seeds.</summary>
    private static StudyInfo Created(StudyInfo info, StudyOptions options)
    {
        if (options.Seed is not { } seed)
            return info;
        options.Storage!.SetStudyUserAttr(info.Name, SeedAttr, seed);
        return info with { UserAttrs = new Dictionary<string, object>(info.UserAttrs) { [SeedAttr] = seed } };
    }

    private static StudyOptions WithDefaultStorage(StudyOptions? options)
    {
        options ??= new StudyOptions();
        ValidateRecoveryOptions(options);
        ArgumentNullException.ThrowIfNull(options.KeepArtifacts, nameof(options.KeepArtifacts));
        options.KeepArtifacts.Validate();
        return options.Storage is null ? options with { Storage = new InMemoryStorage() } : options;
    }

    // Checked before any study is created, so a bad option leaves the storage as it was.
    private static void ValidateRecoveryOptions(StudyOptions options)
    {
        var noHeartbeat = options.HeartbeatInterval == Timeout.InfiniteTimeSpan;
        if (options.HeartbeatInterval <= TimeSpan.Zero && !noHeartbeat)
            throw new ArgumentOutOfRangeException(nameof(options.HeartbeatInterval), options.HeartbeatInterval,
                "HeartbeatInterval must be positive, or Timeout.InfiniteTimeSpan for no heartbeat.");
        if (!noHeartbeat && options.HeartbeatGracePeriod <= options.HeartbeatInterval)
            throw new ArgumentOutOfRangeException(nameof(options.HeartbeatGracePeriod), options.HeartbeatGracePeriod,
                $"HeartbeatGracePeriod must be longer than HeartbeatInterval ({options.HeartbeatInterval}), or live trials would be taken for dead.");
        if (options.MaxRetries < 0)
            throw new ArgumentOutOfRangeException(nameof(options.MaxRetries), options.MaxRetries, "MaxRetries must be 0 or more.");
    }

    /// <summary>The longest study name <see cref="ValidateName"/> accepts, in characters.</summary>
    public const int MaxNameLength = 100;

    /// <summary>
    /// Refuses a study name that could not be shown on one line or used as a folder name: empty or blank, leading or
    /// trailing whitespace, '/' or '\', control characters (newlines, ESC), "." or "..", or longer than
    /// <see cref="MaxNameLength"/> characters. <see cref="Create"/> and <see cref="CreateOrLoad"/> call it.
    /// </summary>
    /// <exception cref="ArgumentException">The name breaks a rule; the message names the rule and shows the name with control characters escaped.</exception>
    public static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var rule =
            string.IsNullOrWhiteSpace(name) ? "must not be empty or blank"
            : name.Length > MaxNameLength ? $"must be at most {MaxNameLength} characters long (it has {name.Length})"
            : name.Any(char.IsControl) ? "must not contain control characters such as newlines or escape sequences"
            : name.IndexOfAny(['/', '\\']) >= 0 ? "must not contain '/' or '\\'"
            : name is "." or ".." ? "must not be '.' or '..'"
            : name.Trim() != name ? "must not start or end with whitespace"
            : null;
        if (rule is not null)
            throw new ArgumentException($"A study name {rule}: '{Escaped(name.Length > MaxNameLength ? name[..MaxNameLength] + "..." : name)}'.", nameof(name));
    }

    /// <summary>The name with control characters written as escapes (\n, \u001b), so it prints on one line and steers no terminal.</summary>
    private static string Escaped(string name) => string.Concat(name.Select(c => c switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        _ when char.IsControl(c) => $"\\u{(int)c:x4}",
        _ => c.ToString(),
    }));

    private static string Describe(IReadOnlyList<StudyInfo> studies) =>
        studies.Count == 0 ? "none" : string.Join(", ", studies.Select(s => $"'{s.Name}'"));

    private InvalidOperationException Deleted() => new($"Study '{Name}' is no longer in the storage.");
}
