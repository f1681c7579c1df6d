namespace MetaOpt;

/// <summary>Copies studies from one storage to another (a laptop's LiteDB file to a cluster's PostgreSQL, and back).</summary>
public static class StudyCopy
{
    /// <summary>
    /// Copies a study, under the same name, with its direction, user attributes and every trial in number order
    /// (states, times, values, parameters, attributes kept; ids are the target's own).
    /// </summary>
    /// <exception cref="KeyNotFoundException">The source has no such study.</exception>
    /// <exception cref="InvalidOperationException">The target already has a study of that name; nothing is written.</exception>
    public static StudyInfo Copy(IStorage from, IStorage to, string studyName)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var source = from.FindStudy(studyName) ?? throw new KeyNotFoundException($"No study named '{studyName}' to copy.");
        var trials = from.GetAllTrials(studyName);
        var copy = to.CreateStudy(studyName, source.Direction);
        try
        {
            foreach (var (key, value) in source.UserAttrs)
                to.SetStudyUserAttr(studyName, key, value);
            foreach (var trial in trials)
                to.AddTrialCopy(studyName, trial);
        }
        catch
        {
            // A half-copied study would be taken for a whole one, and block the next attempt.
            to.DeleteStudy(studyName);
            throw;
        }
        return to.FindStudy(studyName) ?? copy;
    }
}
