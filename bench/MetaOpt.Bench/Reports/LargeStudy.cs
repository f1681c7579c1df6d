namespace MetaOpt.Bench.Reports;

/// <summary>
/// A study of any size built as stored trials, without running an objective: four workers running trials back to
/// back, learning curves of ten epochs, a quarter pruned at epoch 4, a few failures and a rare exploded value.
/// </summary>
internal static class LargeStudy
{
    private const int Workers = 4;
    private const int Epochs = 10;

    public static StudySnapshot Create(int trials, int seed)
    {
        var random = new Random(seed);
        var distributions = new Dictionary<string, Distribution>
        {
            ["lr"] = new FloatDistribution(1e-4, 1, log: true),
            ["layers"] = new IntDistribution(1, 4),
            ["algo"] = new CategoricalDistribution(["maml", "melu", "metasgd"]),
            ["noise"] = new FloatDistribution(0, 1),
        };
        var clocks = Enumerable.Repeat(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), Workers).ToArray();
        var list = new List<FrozenTrial>(trials);
        for (var number = 0; number < trials; number++)
        {
            var lr = Math.Pow(10, -4 + 4 * random.NextDouble());
            var layers = random.Next(1, 5);
            var algo = (string)((CategoricalDistribution)distributions["algo"]).Choices[random.Next(3)];
            var noise = random.NextDouble();
            var final = 0.7 + 0.3 * Math.Pow(Math.Log10(lr) + 2, 2) + 0.03 * layers + (algo == "melu" ? 0.02 : 0) + 0.001 * noise;
            if (number % 997 == 500)
                final = 750; // a diverged run, the outlier every plot must keep out of its view
            var failed = algo == "metasgd" && layers == 4 && random.NextDouble() < 0.2;
            var pruned = !failed && final + 0.6 / 4 > 1.2 && random.NextDouble() < 0.8;
            var epochs = failed ? 2 : pruned ? 4 : Epochs;
            var curve = new SortedDictionary<int, double>();
            for (var epoch = 0; epoch < epochs; epoch++)
                curve[epoch] = final + 0.6 / (epoch + 1);

            var worker = number % Workers;
            var start = clocks[worker] + TimeSpan.FromSeconds(random.NextDouble() * 2); // a little idle time between trials
            var end = start + TimeSpan.FromSeconds(epochs * (3 + random.NextDouble()));
            clocks[worker] = end;
            list.Add(new FrozenTrial
            {
                Id = number + 1,
                Number = number,
                State = failed ? TrialState.Failed : pruned ? TrialState.Pruned : TrialState.Complete,
                Value = failed ? null : curve[epochs - 1],
                Params = new Dictionary<string, object> { ["lr"] = lr, ["layers"] = layers, ["algo"] = algo, ["noise"] = noise },
                Distributions = distributions,
                IntermediateValues = curve,
                UserAttrs = new Dictionary<string, object> { ["epochs_run"] = epochs, ["device"] = "cpu" },
                SystemAttrs = new Dictionary<string, object> { [Study.OwnerAttr] = $"bench-host:{1000 + worker}:0" },
                DatetimeStart = start,
                DatetimeComplete = end,
                FailReason = failed ? "out of memory (synthetic failure)" : null,
            });
        }
        return new StudySnapshot($"large-{trials}", Direction.Minimize, list, new Dictionary<string, object> { ["max_epochs"] = Epochs, ["sampler"] = "random" });
    }
}
