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
        var documents = DataPageScanner.ReadDocuments(path, problems);
        var studies = new Dictionary<string, StudyInfo>(StringComparer.Ordinal);
        var trials = new Dictionary<long, (string Study, FrozenTrial Trial)>();
        var studiesLost = 0;
        var trialsLost = 0;
        foreach (var document in documents)
        {
            if (document.ContainsKey("direction"))
            {
                if (Decode(document, DocumentShape.StudyFlaw, StudyDocuments.FromBson, problems, "a study") is { } study)
                    studies.TryAdd(study.Name, study);
                else
                    studiesLost++;
            }
            else if (document.ContainsKey(TrialDocuments.StudyField))
            {
                if (Decode(document, DocumentShape.TrialFlaw, TrialDocuments.FromBson, problems, "a trial") is { } trial)
                    trials.TryAdd(trial.Id, (document[TrialDocuments.StudyField].AsString, trial));
                else
                    trialsLost++;
            }
        }
        var byStudy = trials.Values.GroupBy(t => t.Study).ToList();
        foreach (var orphans in byStudy.Where(g => !studies.ContainsKey(g.Key)))
        {
            studiesLost++;
            trialsLost += orphans.Count();
            problems.Add($"study '{orphans.Key}' is lost, and with it {orphans.Count()} of its trials");
        }
        var kept = byStudy.Where(g => studies.ContainsKey(g.Key))
            .ToDictionary(g => g.Key, g => Renumbered(g.Key, g.Select(t => t.Trial), problems, ref trialsLost));
        Write(newPath, studies.Values, kept);
        return new StorageRecoveryResult(path, newPath, studies.Count, kept.Values.Sum(t => t.Count), studiesLost, trialsLost, problems);
    }

    private static List<FrozenTrial> Renumbered(string study, IEnumerable<FrozenTrial> found, List<string> problems, ref int trialsLost)
    {
        var ordered = found.OrderBy(t => t.Number).ThenBy(t => t.Id).ToList();
        var expected = ordered.Count == 0 ? 0 : ordered[^1].Number + 1;
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
