using LiteDB;
using MetaOpt.Storages.Documents;

namespace MetaOpt.Storages.Files;

/// <summary>
/// Everything a storage file holds, read in one pass that checks it: every document of every collection is read
/// and decoded, and each study's trials must be numbered 0, 1, 2... without a gap. This is how damage is found
/// before a writer lets LiteDB touch the file (LiteDB keeps no page checksums and reads a damaged page as garbage,
/// or fails with an error about page types).
/// </summary>
internal sealed class StorageContents
{
    public const string SchemaCollection = "metaopt";
    public const string StudiesCollection = "studies";
    public const string TrialsCollection = "trials";

    private StorageContents()
    {
    }

    /// <summary>The studies by name.</summary>
    public Dictionary<string, StudyInfo> Studies { get; } = new(StringComparer.Ordinal);

    /// <summary>Each study's trials, in number order.</summary>
    public Dictionary<string, List<FrozenTrial>> TrialsByStudy { get; } = new(StringComparer.Ordinal);

    /// <summary>One more than the largest trial id.</summary>
    public long NextTrialId { get; private set; }

    /// <summary>Whether the file has no schema stamp yet: a new storage (an empty file, or a database of no collection).</summary>
    public bool IsNew { get; private set; }

    /// <summary>What is wrong with the file, one finding each; empty when it is sound.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>The document that stamps a file as a MetaOpt storage of this schema version.</summary>
    public static BsonDocument SchemaStamp() =>
        DocumentChecksum.Sealed(new BsonDocument { ["_id"] = "schema", ["version"] = LiteDbStorage.SchemaVersion, ["writer"] = "MetaOpt" });

    /// <summary>The contents of a new, empty storage.</summary>
    public static StorageContents Empty() => new() { IsNew = true };

    /// <summary>Reads and checks the whole database; damage is collected in <see cref="Problems"/>, never thrown.</summary>
    /// <exception cref="InvalidStorageFileException">The database is not a MetaOpt storage (another application's, or a newer schema).</exception>
    public static StorageContents Read(LiteDatabase database, string path)
    {
        var contents = new StorageContents();
        List<string> collections;
        try
        {
            collections = database.GetCollectionNames().ToList();
        }
        catch (Exception e) when (e is not StorageFileException)
        {
            contents.Problems.Add($"its list of collections cannot be read: {Describe(e)}");
            return contents;
        }
        if (!collections.Contains(SchemaCollection))
        {
            if (collections.Count > 0)
                throw new InvalidStorageFileException(path,
                    $"{path} is not a MetaOpt/LiteDB storage: it is a LiteDB database of another application " +
                    $"(collections {string.Join(", ", collections)}).");
            contents.IsNew = true;
            return contents;
        }
        contents.CheckSchema(database, path);
        contents.ReadStudies(database);
        contents.ReadTrials(database);
        return contents;
    }

    /// <summary>An exception's message as one readable line: LiteDB leaves some format placeholders unfilled.</summary>
    public static string Describe(Exception e) =>
        e.Message.Replace(": {0}", "", StringComparison.Ordinal).Replace("{0}", "?", StringComparison.Ordinal).ReplaceLineEndings(" ").Trim();

    private void CheckSchema(LiteDatabase database, string path)
    {
        BsonDocument? stamp;
        try
        {
            stamp = database.GetCollection(SchemaCollection).FindById("schema");
        }
        catch (Exception e)
        {
            Problems.Add($"its schema stamp cannot be read: {Describe(e)}");
            return;
        }
        if (stamp is null || !stamp["version"].IsInt32 || DocumentChecksum.Flaw(stamp) is not null)
        {
            Problems.Add("its schema stamp is missing or unreadable");
            return;
        }
        var version = stamp["version"].AsInt32;
        if (version != LiteDbStorage.SchemaVersion)
            throw new InvalidStorageFileException(path,
                $"{path} is a MetaOpt storage of schema version {version}, and this MetaOpt reads version {LiteDbStorage.SchemaVersion}. " +
                "Open it with the MetaOpt that wrote it.");
    }

    private void ReadStudies(LiteDatabase database)
    {
        var documents = ReadAll(database, StudiesCollection);
        CheckIndexes(database, StudiesCollection, documents, null);
        foreach (var document in documents)
        {
            if (Decode(document, "a study", DocumentShape.StudyFlaw, StudyDocuments.FromBson) is not { } study)
                continue;
            Studies[study.Name] = study;
            TrialsByStudy[study.Name] = [];
        }
    }

    private void ReadTrials(LiteDatabase database)
    {
        var documents = ReadAll(database, TrialsCollection);
        CheckIndexes(database, TrialsCollection, documents, TrialDocuments.StudyField);
        foreach (var document in documents)
        {
            if (Decode(document, "a trial", DocumentShape.TrialFlaw, TrialDocuments.FromBson) is not { } trial)
                continue;
            NextTrialId = Math.Max(NextTrialId, trial.Id + 1);
            var studyName = document[TrialDocuments.StudyField].AsString;
            if (TrialsByStudy.TryGetValue(studyName, out var trials))
                trials.Add(trial);
            else
                Problems.Add($"trial {trial.Number} (id {trial.Id}) belongs to study '{studyName}', which the file does not have");
        }
        foreach (var (studyName, trials) in TrialsByStudy)
        {
            trials.Sort((a, b) => a.Number.CompareTo(b.Number));
            if (TrialNumbering.Problem(trials.Select(t => t.Number)) is { } problem)
                Problems.Add($"study '{studyName}' has {problem}");
        }
    }

    /// <summary>The documents of a collection, as far as LiteDB can read them; a failure mid-way is a finding.</summary>
    private List<BsonDocument> ReadAll(LiteDatabase database, string collection)
    {
        var documents = new List<BsonDocument>();
        try
        {
            if (!database.CollectionExists(collection))
                return documents;
            foreach (var document in database.GetCollection(collection).FindAll())
                documents.Add(document);
        }
        catch (Exception e)
        {
            Problems.Add($"the {collection} collection cannot be read past {documents.Count} documents: {Describe(e)}");
        }
        return documents;
    }

    /// <summary>
    /// Looks every document up again through the collection's indexes: a damaged index page reads as a shorter or
    /// wrong collection, or breaks the next write, while a plain read of the documents may pass.
    /// </summary>
    private void CheckIndexes(LiteDatabase database, string name, List<BsonDocument> documents, string? indexedField)
    {
        if (documents.Count == 0)
            return;
        try
        {
            var collection = database.GetCollection(name);
            var missing = documents.Count(d => collection.FindById(d["_id"]) is null);
            if (missing > 0)
                Problems.Add($"the index of the {name} collection misses {missing} of its {documents.Count} documents");
            if (indexedField is null)
                return;
            foreach (var group in documents.GroupBy(d => d[indexedField]))
            {
                var indexed = collection.Count(Query.EQ(indexedField, group.Key));
                if (indexed != group.Count())
                    Problems.Add($"the {indexedField} index of the {name} collection finds {indexed} documents for {group.Key}, not {group.Count()}");
            }
        }
        catch (Exception e)
        {
            Problems.Add($"the indexes of the {name} collection cannot be read: {Describe(e)}");
        }
    }

    /// <summary>Decodes a document, or records why it cannot be and returns null.</summary>
    private T? Decode<T>(BsonDocument document, string what, Func<BsonDocument, string?> flawOf, Func<BsonDocument, T> decode) where T : class
    {
        try
        {
            return flawOf(document) is { } flaw
                ? throw new InvalidDataException(flaw)
                : decode(document);
        }
        catch (Exception e)
        {
            Problems.Add($"{what} (id {DocumentShape.Id(document)}) cannot be read: {Describe(e)}");
            return null;
        }
    }
}
