namespace MetaOpt.Tests.Samplers;

/// <summary>A search space with every kind of parameter, and checks that values stay in it.</summary>
internal static class SamplerSpace
{
    public static readonly string[] Algorithms = ["maml", "fomaml", "reptile"];

    /// <summary>Suggests lr (log float), batch (int, step 16), width (log int), dropout (float, step 0.1), algo (categorical).</summary>
    public static double Objective(Trial t)
    {
        var lr = t.SuggestFloat("lr", 1e-5, 1e-1, log: true);
        var batch = t.SuggestInt("batch", 16, 256, step: 16);
        var width = t.SuggestInt("width", 1, 1000, log: true);
        var dropout = t.SuggestFloat("dropout", 0.0, 0.5, step: 0.1);
        var algo = t.SuggestCategorical("algo", Algorithms);
        return Math.Pow(Math.Log10(lr) + 3, 2) + Math.Pow((batch - 96) / 64.0, 2) + Math.Pow(Math.Log10(width) - 2, 2)
               + dropout + (algo == "reptile" ? 0 : 1);
    }

    public static void AssertInSpace(FrozenTrial t)
    {
        var lr = (double)t.Params["lr"];
        Assert.InRange(lr, 1e-5, 1e-1);
        var batch = (int)t.Params["batch"];
        Assert.InRange(batch, 16, 256);
        Assert.Equal(0, batch % 16);
        Assert.InRange((int)t.Params["width"], 1, 1000);
        var dropout = (double)t.Params["dropout"];
        Assert.InRange(dropout, 0.0, 0.5);
        Assert.Equal(Math.Round(dropout * 10) / 10, dropout, 12);
        Assert.Contains((string)t.Params["algo"], Algorithms);
    }
}
