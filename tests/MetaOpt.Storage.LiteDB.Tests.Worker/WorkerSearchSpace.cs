namespace MetaOpt.Storage.LiteDB.Tests.Worker;

/// <summary>The objective of the worker's study, shared with the test that resumes it so both ask for the same distributions.</summary>
public static class WorkerSearchSpace
{
    /// <summary>Suggests a log-scaled float, a stepped int and a mixed categorical, and combines them into a value.</summary>
    public static double Evaluate(Trial trial)
    {
        var x = trial.SuggestFloat("x", 1e-3, 10, log: true);
        var n = trial.SuggestInt("n", 2, 64, step: 2);
        var kind = trial.SuggestCategorical("kind", new object[] { "a", 2, true });
        return x + n + (kind is true ? 1 : 0);
    }
}
