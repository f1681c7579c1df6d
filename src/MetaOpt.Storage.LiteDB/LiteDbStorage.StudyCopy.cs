using LiteDB;
using MetaOpt.Storages.Documents;

namespace MetaOpt;

public sealed partial class LiteDbStorage
{
    /// <summary>
    /// Copies a study and every one of its trials (parameters, values, attributes, times, states) under a new name, in
    /// one transaction: the copy is complete or absent. With <paramref name="deleteSource"/> the original is deleted
    /// in the same transaction, which renames the study; a failure leaves the original as it was.
    /// </summary>
    /// <param name="sourceName">The study to copy.</param>
    /// <param name="newName">The copy's name; a valid study name (<see cref="Study.ValidateName"/>) not taken in this storage.</param>
    /// <param name="deleteSource">True to delete the original with the same commit (a rename).</param>
    /// <returns>The new study.</returns>
    /// <exception cref="KeyNotFoundException">No study is named <paramref name="sourceName"/>.</exception>
    /// <exception cref="InvalidOperationException">A study is already named <paramref name="newName"/>, or the storage is read-only.</exception>
    /// <exception cref="ArgumentException"><paramref name="newName"/> is not a valid study name.</exception>
    public StudyInfo CopyStudy(string sourceName, string newName, bool deleteSource)
    {
        Study.ValidateName(newName);
        lock (_gate)
        {
            CheckWritable();
            var source = StudyOf(sourceName);
            if (_studyInfos.ContainsKey(newName))
                throw new InvalidOperationException($"A study named '{newName}' already exists in {_path}.");
            var copy = source with { Name = newName };
            // The copies get fresh storage-wide ids; their numbers within the study stay the same.
            var trials = _trialsByStudy[sourceName].Select((t, k) => t with { Id = _nextTrialId + k }).ToList();
            Write(() => Transaction(() =>
            {
                _studies!.Insert(StudyDocuments.ToBson(copy));
                if (trials.Count > 0)
                    _trials!.InsertBulk(trials.Select(t => TrialDocuments.ToBson(newName, t)));
                if (deleteSource)
                {
                    _trials!.DeleteMany(Query.EQ(TrialDocuments.StudyField, sourceName));
                    _studies.Delete(sourceName);
                }
            }));
            _studyInfos[newName] = copy;
            _trialsByStudy[newName] = [];
            foreach (var trial in trials)
                Added(newName, trial);
            if (deleteSource)
                Forget(sourceName);
            return copy;
        }
    }
}
