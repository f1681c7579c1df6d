namespace MetaOpt.Bench.Functions;

/// <summary>One parameter of a benchmark objective, suggested the way the shared peer harness suggests it.</summary>
internal abstract record BenchmarkParameter(string Name)
{
    /// <summary>Suggests the parameter on a trial and returns the value as a double (the choice itself for categoricals).</summary>
    public abstract object Suggest(Trial trial);

    public sealed record Float(string Name, double Low, double High, bool Log = false) : BenchmarkParameter(Name)
    {
        public override object Suggest(Trial trial) => trial.SuggestFloat(Name, Low, High, log: Log);
    }

    public sealed record Int(string Name, int Low, int High, int Step = 1) : BenchmarkParameter(Name)
    {
        public override object Suggest(Trial trial) => trial.SuggestInt(Name, Low, High, Step);
    }

    public sealed record Categorical(string Name, IReadOnlyList<string> Choices) : BenchmarkParameter(Name)
    {
        public override object Suggest(Trial trial) => trial.SuggestCategorical(Name, Choices);
    }
}
