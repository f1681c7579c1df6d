namespace MetaOpt;

/// <summary>
/// What the keep policy, study deletion, checks and exports do to the artifacts of a storage's trials: the one place
/// that decides which blobs stay, so that workers, the launcher and tests cannot disagree.
/// </summary>
public static class StudyArtifacts
{
    /// <summary>The name of the manifest <see cref="Export"/> writes beside the exported files.</summary>
    public const string ManifestName = "manifest.json";

    /// <summary>
    /// The trials of a study that keep their artifacts under <paramref name="policy"/>: Running and Waiting ones always
    /// (they may still save), Pruned and Failed ones only when the policy keeps everything, and the longest run of
    /// the best Complete trials (best value first, then lowest number) with at most <see cref="ArtifactKeepPolicy.Top"/>
    /// trials whose distinct blobs fit in <see cref="ArtifactKeepPolicy.MaxBytes"/>.
    /// </summary>
    /// <remarks>
    /// Why workers finishing at once cannot delete what another keeps: a Complete trial outside the kept run of a
    /// subset of the study's Complete trials is outside it for any superset, because in a superset the trials ranked
    /// before it are a superset too, so their count and their distinct bytes can only grow (a trial's artifacts are
    /// final once it finished). Each worker decides on the trials it read, which are a subset of those that will ever
    /// finish, so a trial it lets go would be let go by anyone who read more; none is ever deleted too early.
    /// </remarks>
    public static IReadOnlySet<long> Kept(IReadOnlyList<FrozenTrial> trials, Direction direction, ArtifactKeepPolicy policy) =>
        Kept(trials, [direction], policy);

    /// <summary>
    /// <see cref="Kept(IReadOnlyList{FrozenTrial}, Direction, ArtifactKeepPolicy)"/> for a study of one or several
    /// <paramref name="directions"/>. In a multi-objective study the best Complete trials are its Pareto front, and the
    /// whole front keeps its artifacts (none when <see cref="ArtifactKeepPolicy.Top"/> is 0): <c>Top</c> and
    /// <see cref="ArtifactKeepPolicy.MaxBytes"/> do not cut it, as a trial cut from it could be back on a later front,
    /// its blobs deleted, once newer trials dominated those kept; a dominated trial never is.
    /// </summary>
    public static IReadOnlySet<long> Kept(IReadOnlyList<FrozenTrial> trials, IReadOnlyList<Direction> directions, ArtifactKeepPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(directions);
        ArgumentNullException.ThrowIfNull(policy);
        var kept = trials.Where(t => !t.State.IsFinished() || policy.KeepsEverything).Select(t => t.Id).ToHashSet();
        if (policy.KeepsEverything)
            return kept;
        if (directions.Count > 1)
        {
            if (policy.Top != 0)
                kept.UnionWith(Pareto.Front(trials, directions).Select(t => t.Id));
            return kept;
        }
        var direction = directions[0];
        var sign = direction.Sign();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long bytes = 0;
        var count = 0;
        foreach (var trial in trials.Where(t => t.State == TrialState.Complete && t.Value is not null).OrderBy(t => sign * t.Value!.Value).ThenBy(t => t.Number))
        {
            if (policy.Top is { } top && count >= top)
                break;
            var added = trial.Artifacts.Where(a => !seen.Contains(a.Hash)).DistinctBy(a => a.Hash).Sum(a => a.Size);
            if (policy.MaxBytes is { } cap && bytes + added > cap)
                break;
            bytes += added;
            count++;
            seen.UnionWith(trial.Artifacts.Select(a => a.Hash));
            kept.Add(trial.Id);
        }
        return kept;
    }

    /// <summary>
    /// Applies <paramref name="policy"/> to the study now: every finished trial it does not keep is marked released
    /// and its blobs are deleted, except those another unreleased trial of any study in the storage still references.
    /// Under the store's lock, so a blob that a worker is recording is not deleted under it. Returns the trials released now.
    /// </summary>
    public static IReadOnlyList<FrozenTrial> Enforce(IStorage storage, IArtifactStore store, string studyName, Direction direction, ArtifactKeepPolicy policy) =>
        Enforce(storage, store, studyName, [direction], policy);

    /// <summary>
    /// <see cref="Enforce(IStorage, IArtifactStore, string, Direction, ArtifactKeepPolicy)"/> for a study of one or
    /// several <paramref name="directions"/> (<see cref="Kept(IReadOnlyList{FrozenTrial}, IReadOnlyList{Direction}, ArtifactKeepPolicy)"/>).
    /// </summary>
    public static IReadOnlyList<FrozenTrial> Enforce(IStorage storage, IArtifactStore store, string studyName, IReadOnlyList<Direction> directions, ArtifactKeepPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.KeepsEverything)
            return [];
        using var held = store.Lock();
        var trials = storage.GetAllTrials(studyName);
        var kept = Kept(trials, directions, policy);
        var releasing = trials.Where(t => !kept.Contains(t.Id) && t.Artifacts.Count > 0 && !store.IsReleased(t.Id)).ToList();
        if (releasing.Count == 0)
            return [];
        var leaving = releasing.Select(t => t.Id).ToHashSet();
        var stillUsed = Referenced(storage, store, t => leaving.Contains(t.Id));
        foreach (var trial in releasing)
        {
            // Marked before its blobs go: a crash in between leaves an orphan blob for a check to report, never a missing one.
            store.MarkReleased(trial.Id);
            foreach (var artifact in trial.Artifacts.Where(a => !stillUsed.Contains(a.Hash)))
                store.Delete(artifact.Hash);
        }
        return releasing;
    }

    /// <summary>
    /// Deletes a study and its trials from the storage and then, with a store, the blobs that only its trials
    /// referenced and its trials' release marks. Under the store's lock, so no worker records a blob meanwhile.
    /// </summary>
    public static void DeleteStudy(IStorage storage, IArtifactStore? store, string studyName)
    {
        ArgumentNullException.ThrowIfNull(storage);
        if (store is null)
        {
            storage.DeleteStudy(studyName);
            return;
        }
        using var held = store.Lock();
        var trials = storage.GetAllTrials(studyName);
        storage.DeleteStudy(studyName);
        // The study is gone from the storage, so only other studies' references remain.
        var stillUsed = Referenced(storage, store, _ => false);
        foreach (var trial in trials)
        {
            foreach (var artifact in trial.Artifacts.Where(a => !stillUsed.Contains(a.Hash)))
                store.Delete(artifact.Hash);
            store.ForgetReleased(trial.Id);
        }
    }

    /// <summary>
    /// Marks as released the copies (matched by number) of trials whose artifacts the keep policy let go, so a copied
    /// or renamed study does not report their blobs as missing; with <paramref name="originalsDeleted"/> (a rename) the
    /// originals' marks are removed, unless a copy kept its trial's id.
    /// </summary>
    public static void CarryReleases(IArtifactStore store, IReadOnlyList<FrozenTrial> originals, IReadOnlyList<FrozenTrial> copies, bool originalsDeleted)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(originals);
        ArgumentNullException.ThrowIfNull(copies);
        using var held = store.Lock();
        var released = originals.Where(t => store.IsReleased(t.Id)).ToList();
        var copyOf = copies.ToDictionary(t => t.Number);
        if (originalsDeleted)
            foreach (var trial in released.Where(t => !copies.Any(c => c.Id == t.Id)))
                store.ForgetReleased(trial.Id);
        foreach (var trial in released)
            if (copyOf.TryGetValue(trial.Number, out var copy))
                store.MarkReleased(copy.Id);
    }

    /// <summary>
    /// Copies into <paramref name="to"/> the blobs of the trials a copied study's originals keep in
    /// <paramref name="from"/>, each checked against its recorded hash, and marks released the copies (matched by
    /// number) of originals whose artifacts the keep policy let go, so the copy's kept models open from its own store.
    /// A blob already in <paramref name="to"/> is not written again (the stores are content-addressed).
    /// </summary>
    /// <returns>The blobs written and their bytes.</returns>
    /// <exception cref="InvalidDataException">A kept artifact's blob is missing or no longer matches its hash.</exception>
    public static (int Blobs, long Bytes) CopyKept(IArtifactStore from, IArtifactStore to, IReadOnlyList<FrozenTrial> originals, IReadOnlyList<FrozenTrial> copies)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(originals);
        ArgumentNullException.ThrowIfNull(copies);
        var copyOf = copies.ToDictionary(t => t.Number);
        var blobs = 0;
        long bytes = 0;
        // Under the target's lock, as a worker records an artifact: no keep policy there deletes a blob meanwhile.
        using var held = to.Lock();
        foreach (var trial in originals.Where(t => t.Artifacts.Count > 0))
        {
            if (from.IsReleased(trial.Id))
            {
                if (copyOf.TryGetValue(trial.Number, out var copy))
                    to.MarkReleased(copy.Id);
                continue;
            }
            foreach (var artifact in trial.Artifacts.DistinctBy(a => a.Hash).Where(a => !to.Contains(a.Hash)))
            {
                // Checked before it is written, so a damaged blob never enters the target under another hash.
                using var source = OpenChecked(from, artifact);
                using var buffer = new MemoryStream();
                if (LocalArtifactStore.CopyHashing(source, buffer).Hash != artifact.Hash)
                    throw new InvalidDataException($"artifact '{artifact.Name}' of trial {trial.Number} is damaged: its blob no longer matches its hash {artifact.Hash}.");
                buffer.Position = 0;
                var written = to.Write(buffer);
                blobs++;
                bytes += written.Size;
            }
        }
        return (blobs, bytes);
    }

    /// <summary>
    /// Compares the storage's artifact records with the store: blobs no unreleased trial references (orphans, left
    /// by a crash between writing and recording, or a study deleted without its store), and artifacts of unreleased
    /// trials whose blob is gone or no longer matches its hash (missing or damaged). Reads only.
    /// </summary>
    public static ArtifactCheckResult Check(IStorage storage, IArtifactStore store)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(store);
        var problems = new List<string>();
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        var artifacts = 0;
        foreach (var study in storage.GetAllStudies())
            foreach (var trial in storage.GetAllTrials(study.Name))
            {
                if (store.IsReleased(trial.Id))
                    continue;
                foreach (var artifact in trial.Artifacts)
                {
                    artifacts++;
                    referenced.Add(artifact.Hash);
                    if (!store.Contains(artifact.Hash))
                        problems.Add($"trial {trial.Number} of study '{study.Name}': artifact '{artifact.Name}' is missing (blob {artifact.Hash})");
                    else if (HashOf(store, artifact.Hash) is var actual && actual != artifact.Hash)
                        problems.Add($"trial {trial.Number} of study '{study.Name}': artifact '{artifact.Name}' is damaged (blob {artifact.Hash} now hashes to {actual})");
                }
            }
        var orphans = store.Hashes().Where(h => !referenced.Contains(h)).ToList();
        return new ArtifactCheckResult(store.Location, artifacts, orphans, problems);
    }

    /// <summary>
    /// Copies a trial's artifacts into <paramref name="folder"/>, each under its name, each checked against its
    /// hash, and writes a <see cref="ManifestName"/> listing them with the trial's study, number, value and parameters.
    /// </summary>
    /// <exception cref="IOException">The folder exists and is not empty, or a file cannot be written.</exception>
    /// <exception cref="InvalidDataException">A blob is missing or no longer matches its hash.</exception>
    public static void Export(IArtifactStore store, string studyName, FrozenTrial trial, string folder)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(trial);
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new IOException($"'{folder}' is not empty: export into a new or empty folder.");
        if (store.IsReleased(trial.Id))
            throw new InvalidDataException($"trial {trial.Number} of study '{studyName}' no longer keeps its artifacts: the keep policy released them.");
        Directory.CreateDirectory(folder);
        foreach (var artifact in trial.Artifacts)
        {
            using var source = OpenChecked(store, artifact);
            using var target = File.Create(Path.Combine(folder, artifact.Name));
            if (LocalArtifactStore.CopyHashing(source, target).Hash != artifact.Hash)
                throw new InvalidDataException($"artifact '{artifact.Name}' of trial {trial.Number} is damaged: its blob no longer matches its hash {artifact.Hash}.");
        }
        File.WriteAllText(Path.Combine(folder, ManifestName), ArtifactManifestJson.Write(studyName, trial));
    }

    /// <summary>Opens the artifact <paramref name="name"/> of a trial for reading.</summary>
    /// <exception cref="KeyNotFoundException">The trial has no artifact of that name.</exception>
    /// <exception cref="InvalidDataException">The keep policy released it, or its blob is missing.</exception>
    public static Stream Open(IArtifactStore store, FrozenTrial trial, string name)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(trial);
        var artifact = trial.Artifacts.FirstOrDefault(a => a.Name == name) ?? throw new KeyNotFoundException(
            $"trial {trial.Number} has no artifact '{name}'; it has {(trial.Artifacts.Count == 0 ? "none" : string.Join(", ", trial.Artifacts.Select(a => $"'{a.Name}'")))}.");
        if (store.IsReleased(trial.Id))
            throw new InvalidDataException($"trial {trial.Number} no longer keeps its artifacts: the keep policy released them.");
        return OpenChecked(store, artifact);
    }

    /// <summary>
    /// The best Complete trials that still keep every artifact of <paramref name="names"/> (any artifact when none is
    /// named), best value first, then lowest number (the keep policy's order), at most <paramref name="count"/>: the
    /// models an ensemble of the study is chosen from.
    /// </summary>
    public static IReadOnlyList<FrozenTrial> BestKeeping(IArtifactStore store, IReadOnlyList<FrozenTrial> trials, Direction direction, int count, params IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(names);
        var sign = direction.Sign();
        return trials
            .Where(t => t.State == TrialState.Complete && t.Value is not null && t.Artifacts.Count > 0 && !store.IsReleased(t.Id)
                        && names.All(n => t.Artifacts.Any(a => a.Name == n)))
            .OrderBy(t => sign * t.Value!.Value).ThenBy(t => t.Number)
            .Take(count)
            .ToList();
    }

    /// <summary>Reads the artifact <paramref name="name"/> of a trial whole, checked against its recorded hash.</summary>
    /// <exception cref="KeyNotFoundException">The trial has no artifact of that name.</exception>
    /// <exception cref="InvalidDataException">The keep policy released it, or its blob is missing or no longer matches its hash.</exception>
    public static MemoryStream ReadVerified(IArtifactStore store, FrozenTrial trial, string name)
    {
        using var stream = Open(store, trial, name);
        var copy = new MemoryStream();
        var recorded = trial.Artifacts.First(a => a.Name == name).Hash;
        if (LocalArtifactStore.CopyHashing(stream, copy).Hash != recorded)
            throw new InvalidDataException($"artifact '{name}' of trial {trial.Number} is damaged: its blob no longer matches its hash {recorded}.");
        copy.Position = 0;
        return copy;
    }

    private static Stream OpenChecked(IArtifactStore store, ArtifactInfo artifact)
    {
        try
        {
            return store.OpenRead(artifact.Hash);
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidDataException($"artifact '{artifact.Name}' is missing from {store.Location} (blob {artifact.Hash}).", e);
        }
    }

    // The hashes referenced by trials of any study in the storage that are not released and not about to be.
    private static HashSet<string> Referenced(IStorage storage, IArtifactStore store, Func<FrozenTrial, bool> leaving) =>
        storage.GetAllStudies()
            .SelectMany(s => storage.GetAllTrials(s.Name))
            .Where(t => t.Artifacts.Count > 0 && !leaving(t) && !store.IsReleased(t.Id))
            .SelectMany(t => t.Artifacts.Select(a => a.Hash))
            .ToHashSet(StringComparer.Ordinal);

    private static string HashOf(IArtifactStore store, string hash)
    {
        using var stream = store.OpenRead(hash);
        return LocalArtifactStore.CopyHashing(stream, Stream.Null).Hash;
    }
}

/// <summary>What <see cref="StudyArtifacts.Check"/> found.</summary>
/// <param name="Location">The store checked.</param>
/// <param name="Artifacts">Artifacts recorded by trials that keep them.</param>
/// <param name="Orphans">Blobs no such trial references.</param>
/// <param name="Problems">Missing or damaged artifacts, one line each.</param>
public sealed record ArtifactCheckResult(string Location, int Artifacts, IReadOnlyList<string> Orphans, IReadOnlyList<string> Problems)
{
    /// <summary>Whether every recorded artifact is there and intact (orphans are wasted space, not damage).</summary>
    public bool IsSound => Problems.Count == 0;
}
