namespace MetaOpt;

/// <summary>Copies studies from one storage to another (a laptop's LiteDB file to a cluster's PostgreSQL, and back).</summary>
public static class StudyCopy
{
    /// <summary>
    /// Copies a study, under the same name or <paramref name="newName"/>, with its directions, user attributes and
    /// every trial in number order as read once at the start (states, times, values, parameters, attributes kept;
    /// ids are the target's own). <paramref name="from"/> and <paramref name="to"/> may be the same storage.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The source has no such study.</exception>
    /// <exception cref="InvalidOperationException">The target already has a study of that name; nothing is written.</exception>
    public static StudyInfo Copy(IStorage from, IStorage to, string studyName, string? newName = null)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var source = from.FindStudy(studyName) ?? throw new KeyNotFoundException($"No study named '{studyName}' to copy.");
        var trials = from.GetAllTrials(studyName);
        var name = newName ?? studyName;
        var copy = to.CreateStudy(name, source.Directions);
        try
        {
            foreach (var (key, value) in source.UserAttrs)
                to.SetStudyUserAttr(name, key, value);
            foreach (var trial in trials)
                to.AddTrialCopy(name, trial);
        }
        catch
        {
            // A half-copied study would be taken for a whole one, and block the next attempt.
            to.DeleteStudy(name);
            throw;
        }
        return to.FindStudy(name) ?? copy;
    }
}
