using LiteDB;
using MetaOpt.Storages.Documents;

namespace MetaOpt.Storages.Files;

/// <summary>Copies every study and trial that can still be read from a damaged storage file into a new file.</summary>
/// <remarks>
/// Documents are read straight from the data pages (<see cref="DataPageScanner"/>) and checked with the same
/// readers as a normal open; the source is only read. A study whose trials lost some numbers gets its remaining
/// trials numbered again from 0 in their old order, since MetaOpt needs numbers without gaps. The new file is
/// written beside its final name and renamed when complete, so a failed recovery leaves no half-written file.
/// </remarks>
internal static class StorageRecovery
{
    public static StorageRecoveryResult Recover(string path, string newPath)
    {
        if (File.Exists(newPath) || Directory.Exists(newPath))
            throw new StorageUnavailableException(newPath, $"{newPath} already exists; recovery writes a new file and never replaces one.");
        var problems = new List<string>();
        var scanned = DataPageScanner.Scan(path, problems);
        var studies = new Dictionary<string, StudyInfo>(StringComparer.Ordinal);
        var trials = new Dictionary<long, (string Study, FrozenTrial Trial)>();
        var studyCollections = scanned.Collections.Where(c => c.Key == StorageContents.StudiesCollection).Select(c => c.Value).ToList();
        var trialCollections = scanned.Collections.Where(c => c.Key == StorageContents.TrialsCollection).Select(c => c.Value).ToList();
        var unreadableStudies = 0;
        // Unreadable trials by the study they name, where that much of them can still be read ("" where not).
        var unreadableTrials = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (document, collection) in scanned.Documents)
        {
            if (document.ContainsKey("direction"))
            {
                studyCollections.Add(collection);
                if (Decode(document, DocumentShape.StudyFlaw, StudyDocuments.FromBson, problems, "a study") is { } study)
                    studies.TryAdd(study.Name, study);
                else
                    unreadableStudies++;
            }
            else if (document.ContainsKey(TrialDocuments.StudyField))
            {
                trialCollections.Add(collection);
                if (Decode(document, DocumentShape.TrialFlaw, TrialDocuments.FromBson, problems, "a trial") is { } trial)
                    trials.TryAdd(trial.Id, (document[TrialDocuments.StudyField].AsString, trial));
                else
                {
                    var named = document[TrialDocuments.StudyField].IsString ? document[TrialDocuments.StudyField].AsString : "";
                    unreadableTrials[named] = unreadableTrials.GetValueOrDefault(named) + 1;
                }
            }
        }
        // Pages that are gone take their documents along, but the index pages that survive still list them (a study
        // by its name, a trial under its study's), so each study's trials are at least as many as its index lists.
        var indexedTrials = scanned.KeysOf(trialCollections);
        var byStudy = trials.Values.GroupBy(t => t.Study).ToDictionary(g => g.Key, g => g.Select(t => t.Trial).ToList(), StringComparer.Ordinal);
        var names = byStudy.Keys.Concat(indexedTrials.Keys).Concat(scanned.KeysOf(studyCollections).Keys).Concat(unreadableTrials.Keys.Where(n => n.Length > 0))
            .Distinct(StringComparer.Ordinal).ToList();
        var studiesLost = Math.Max(unreadableStudies, names.Count(n => !studies.ContainsKey(n)));
        var trialsLost = unreadableTrials.GetValueOrDefault("");
        var kept = new Dictionary<string, List<FrozenTrial>>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var found = byStudy.GetValueOrDefault(name) ?? [];
            var known = Math.Max(indexedTrials.GetValueOrDefault(name), found.Count + unreadableTrials.GetValueOrDefault(name));
            if (!studies.ContainsKey(name))
            {
                var lost = Math.Max(known, found.Count == 0 ? 0 : found.Max(t => t.Number) + 1);
                trialsLost += lost;
                problems.Add($"study '{name}' is lost, and with it {lost} of its trials");
                continue;
            }
            kept[name] = Renumbered(name, found, known, problems, ref trialsLost);
        }
        Write(newPath, studies.Values, kept);
        return new StorageRecoveryResult(path, newPath, studies.Count, kept.Values.Sum(t => t.Count), studiesLost, trialsLost, problems)
        {
            PagesMissing = scanned.PagesMissing,
        };
    }

    /// <summary>
    /// The study's trials found, numbered again from 0 in their order where some are missing: fewer than
    /// <paramref name="known"/> (what its index and unreadable documents tell), or gaps in the numbers.
    /// </summary>
    private static List<FrozenTrial> Renumbered(string study, List<FrozenTrial> found, int known, List<string> problems, ref int trialsLost)
    {
        var ordered = found.OrderBy(t => t.Number).ThenBy(t => t.Id).ToList();
        var expected = Math.Max(known, ordered.Count == 0 ? 0 : ordered[^1].Number + 1);
        if (expected > ordered.Count)
        {
            trialsLost += expected - ordered.Count;
            problems.Add($"study '{study}' lost {expected - ordered.Count} of its {expected} trials; the others are numbered again from 0");
        }
        return ordered.Select((t, i) => t with { Number = i }).ToList();
    }

    private static T? Decode<T>(BsonDocument document, Func<BsonDocument, string?> flawOf, Func<BsonDocument, T> decode, List<string> problems, string what)
        where T : class
    {
        try
        {
            if (flawOf(document) is { } flaw)
                throw new InvalidDataException(flaw);
            return decode(document);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problems.Add($"{what} (id {DocumentShape.Id(document)}) cannot be read: {StorageContents.Describe(e)}");
            return null;
        }
    }

    private static void Write(string newPath, IEnumerable<StudyInfo> studies, Dictionary<string, List<FrozenTrial>> trials)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(newPath))!;
        var partial = Path.Combine(directory, $".{Path.GetFileName(newPath)}.{Environment.ProcessId}.partial");
        try
        {
            using (var database = new LiteDatabase(new ConnectionString { Filename = partial, Connection = ConnectionType.Direct }))
            {
                database.GetCollection(StorageContents.SchemaCollection)
                    .Insert(StorageContents.SchemaStamp());
                database.GetCollection(StorageContents.StudiesCollection).InsertBulk(studies.Select(StudyDocuments.ToBson));
                var collection = database.GetCollection(StorageContents.TrialsCollection);
                collection.EnsureIndex(TrialDocuments.StudyField);
                collection.InsertBulk(trials.SelectMany(kv => kv.Value.Select(t => TrialDocuments.ToBson(kv.Key, t))));
                database.Checkpoint();
            }
            File.Move(partial, newPath, overwrite: false);
        }
        catch (Exception e) when (StorageFullException.IsDiskFull(e))
        {
            throw new StorageFullException(newPath, e);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException and not StorageFileException)
        {
            throw new StorageUnavailableException(newPath, $"Cannot write {newPath}: {e.Message}", e);
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
