using MetaOpt.Samplers.Qmc;

namespace MetaOpt.Tests.Samplers;

public class QmcSamplerTests
{
    /// <summary>Hickernell's centred L2 discrepancy, squared, of points in [0, 1)^d.</summary>
    private static double CentredDiscrepancy(IReadOnlyList<double[]> points)
    {
        var n = points.Count;
        var d = points[0].Length;
        var single = points.Sum(x => x.Aggregate(1.0, (p, v) => p * (1 + 0.5 * Math.Abs(v - 0.5) - 0.5 * (v - 0.5) * (v - 0.5))));
        var pairs = 0.0;
        foreach (var x in points)
            foreach (var y in points)
            {
                var p = 1.0;
                for (var k = 0; k < d; k++)
                    p *= 1 + 0.5 * Math.Abs(x[k] - 0.5) + 0.5 * Math.Abs(y[k] - 0.5) - 0.5 * Math.Abs(x[k] - y[k]);
                pairs += p;
            }
        return Math.Pow(13.0 / 12, d) - 2.0 / n * single + pairs / ((double)n * n);
    }

    private static List<double[]> Points(QmcSequence sequence, int n, int d) =>
        [.. Enumerable.Range(0, n).Select(i => { var p = new double[d]; sequence.Point(i, p); return p; })];

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(0, false)]
    public void EveryRunOfTwoToTheKSobolPointsFillsEachIntervalOfEachDimensionOnce(int seed, bool scramble)
    {
        var sobol = new ScrambledSobol(seed, scramble);
        // Dimensions past Joe and Kuo's table (32 and on) are Sobol sequences too.
        for (var dimension = 0; dimension < 40; dimension++)
            for (var k = 1; k <= 9; k++)
                for (var start = 0; start < 1 << 10; start += 1 << k)
                {
                    var cells = Enumerable.Range(start, 1 << k).Select(i => (int)(sobol.Coordinate(i, dimension) * (1 << k))).ToHashSet();
                    Assert.Equal(1 << k, cells.Count);
                }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void TheFirstTwoSobolDimensionsAreANetWithOnePointInEveryElementaryBox(int seed)
    {
        // Sobol's first two dimensions are a (0, m, 2)-net: each box of 2^-a by 2^-(m-a) holds exactly one of 2^m points.
        var sobol = new ScrambledSobol(seed);
        const int m = 8;
        var points = Points(sobol, 1 << m, 2);
        for (var a = 0; a <= m; a++)
        {
            var boxes = points.Select(p => ((int)(p[0] * (1 << a)), (int)(p[1] * (1 << (m - a))))).ToHashSet();
            Assert.Equal(1 << m, boxes.Count);
        }
    }

    [Fact]
    public void JoeAndKuosPolynomialsAreThePrimitiveOnesInOrder()
    {
        for (var dimension = 1; dimension <= ScrambledSobol.JoeKuo.Length; dimension++)
            Assert.Equal((ScrambledSobol.JoeKuo[dimension - 1].S, ScrambledSobol.JoeKuo[dimension - 1].A), ScrambledSobol.Polynomial(dimension));
        // There are φ(2^s − 1)/s primitive polynomials of degree s: 18 of degree 7, 16 of degree 8.
        var degrees = Enumerable.Range(1, 80).Select(d => ScrambledSobol.Polynomial(d).S).ToList();
        Assert.Equal(18, degrees.Count(s => s == 7));
        Assert.Equal(16, degrees.Count(s => s == 8));
        Assert.All(ScrambledSobol.JoeKuo, row => Assert.All(row.M.Select((m, i) => (m, i)), p => Assert.True(p.m % 2 == 1 && p.m < 2 << p.i)));
    }

    [Fact]
    public void PlainHaltonIsTheRadicalInverse()
    {
        var halton = new ScrambledHalton(5, scramble: false);
        Assert.Equal([0, 0.5, 0.25, 0.75, 0.125], Enumerable.Range(0, 5).Select(i => halton.Coordinate(i, 0)));
        Assert.Equal([0, 1 / 3.0, 2 / 3.0, 1 / 9.0], Enumerable.Range(0, 4).Select(i => halton.Coordinate(i, 1)), new ToleranceComparer());
    }

    [Theory]
    [InlineData(QmcKind.Sobol, 0.6)]
    [InlineData(QmcKind.Halton, 0.6)]
    public void ScrambledSequencesHaveLowerDiscrepancyThanRandomPoints(QmcKind kind, double ratio)
    {
        // 128 points in 5 dimensions, at ten seeds each: every sequence below every random set, and well below on average.
        var qmc = Enumerable.Range(0, 10).Select(seed => CentredDiscrepancy(Points(QmcSequence.Create(kind, seed), 128, 5))).ToList();
        var random = Enumerable.Range(0, 10).Select(seed =>
        {
            var r = new Random(seed);
            return CentredDiscrepancy([.. Enumerable.Range(0, 128).Select(_ => Enumerable.Range(0, 5).Select(_ => r.NextDouble()).ToArray())]);
        }).ToList();

        Assert.True(qmc.Max() < random.Min(), $"{kind}: worst {qmc.Max():E2}, best random {random.Min():E2}");
        Assert.True(qmc.Average() < ratio * random.Average(), $"{kind}: mean {qmc.Average():E2}, random {random.Average():E2}");
    }

    private static Study Run(QmcSamplerOptions options, int trials, Func<Trial, double> objective, int parallelism = 1)
    {
        var study = Study.Create("qmc", new StudyOptions { Sampler = new QmcSampler(options) });
        study.Optimize(objective, trials: trials, parallelism: parallelism);
        return study;
    }

    [Fact]
    public void EveryKindOfParameterGetsItsShareOfTheDesign()
    {
        var study = Run(new QmcSamplerOptions { Seed = 1 }, 64, SamplerSpace.Objective);

        Assert.All(study.Trials, SamplerSpace.AssertInSpace);
        // 64 Sobol points put 16 in each quarter of every coordinate: each decade of lr (1e-5 to 1e-1) gets 16 trials ...
        var decades = study.Trials.GroupBy(t => (int)Math.Floor(-Math.Log10((double)t.Params["lr"]))).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<int, int> { [1] = 16, [2] = 16, [3] = 16, [4] = 16 }, decades);
        // ... each of batch's 16 steps 4 trials ...
        Assert.All(study.Trials.GroupBy(t => (int)t.Params["batch"]), g => Assert.Equal(4, g.Count()));
        Assert.Equal(16, study.Trials.Select(t => t.Params["batch"]).Distinct().Count());
        // ... and each of three choices 21 or 22.
        Assert.All(study.Trials.GroupBy(t => t.Params["algo"]), g => Assert.InRange(g.Count(), 21, 22));
    }

    [Fact]
    public void ParallelWorkersTakeDistinctPointsByTrialNumber()
    {
        static double Objective(Trial t) => t.SuggestFloat("x", 0, 1) + t.SuggestFloat("y", 0, 1);
        var serial = Run(new QmcSamplerOptions { Seed = 8 }, 64, Objective);
        var parallel = Run(new QmcSamplerOptions { Seed = 8 }, 64, Objective, parallelism: 4);

        // Trial n is point n whichever worker ran it: the same points, and one per 1/64 of each coordinate.
        Assert.Equal(serial.Trials.Select(t => t.Params), parallel.Trials.OrderBy(t => t.Number).Select(t => t.Params));
        Assert.Equal(64, parallel.Trials.Select(t => (int)((double)t.Params["x"] * 64)).Distinct().Count());
        Assert.Equal(64, parallel.Trials.Select(t => (int)((double)t.Params["y"] * 64)).Distinct().Count());
    }

    [Fact]
    public void SameSeedSamePointsOtherSeedOthersUnscrambledTheSameForEverySeed()
    {
        static object[][] Params(QmcSamplerOptions options) =>
            Run(options, 16, SamplerSpace.Objective).Trials.Select(t => t.Params.Values.ToArray()).ToArray();

        foreach (var kind in new[] { QmcKind.Sobol, QmcKind.Halton })
        {
            Assert.Equal(Params(new() { Seed = 3, Kind = kind }), Params(new() { Seed = 3, Kind = kind }));
            Assert.NotEqual(Params(new() { Seed = 3, Kind = kind }), Params(new() { Seed = 4, Kind = kind }));
            Assert.Equal(Params(new() { Seed = 3, Kind = kind, Scramble = false }), Params(new() { Seed = 4, Kind = kind, Scramble = false }));
        }
        // Plain Sobol's first point is the lower corner.
        var corner = Run(new QmcSamplerOptions { Scramble = false }, 1, t => t.SuggestFloat("x", 2, 3)).Trials[0];
        Assert.Equal(2.0, corner.Params["x"]);
    }

    [Theory]
    [InlineData(QmcKind.Sobol)]
    [InlineData(QmcKind.Halton)]
    public void TpeAndGpTakeTheirStartUpTrialsFromTheDesign(QmcKind kind)
    {
        static double Objective(Trial t) => Math.Abs(t.SuggestFloat("x", 0, 1) - 0.3);
        var design = QmcSequence.Create(kind, 6);
        var tpe = Study.Create("tpe", new StudyOptions { Sampler = new TpeSampler(new TpeSamplerOptions { Seed = 6, StartupTrials = 16, StartupDesign = kind }) });
        tpe.Optimize(Objective, trials: 16);
        var gp = Study.Create("gp", new StudyOptions { Sampler = new GpSampler(new GpSamplerOptions { Seed = 6, StartupTrials = 16, StartupDesign = kind }) });
        gp.Optimize(Objective, trials: 16);

        Assert.Equal(Enumerable.Range(0, 16).Select(i => design.Coordinate(i, 0)), tpe.Trials.Select(t => (double)t.Params["x"]));
        Assert.Equal(Enumerable.Range(0, 16).Select(i => design.Coordinate(i, 0)), gp.Trials.Select(t => (double)t.Params["x"]));
    }

    [Fact]
    public void AGpWithoutADesignStartsWithTheRandomSamplersDraws()
    {
        static double Objective(Trial t) => t.SuggestFloat("x", 0, 1) + t.SuggestInt("k", 1, 9);
        var gp = Study.Create("gp", new StudyOptions { Sampler = new GpSampler(new GpSamplerOptions { Seed = 6, StartupTrials = 8, StartupDesign = null }) });
        gp.Optimize(Objective, trials: 8);
        var random = Study.Create("random", new StudyOptions { Sampler = new RandomSampler(6) });
        random.Optimize(Objective, trials: 8);

        Assert.Equal(random.Trials.Select(t => t.Params), gp.Trials.Select(t => t.Params));
    }

    [Fact]
    public void TheDefaultStartUpDesignsAreUnchanged()
    {
        Assert.Null(new TpeSamplerOptions().StartupDesign);
        Assert.Equal(QmcKind.Halton, new GpSamplerOptions().StartupDesign);
        Assert.Equal(QmcKind.Sobol, new QmcSamplerOptions().Kind);
    }

    private sealed class ToleranceComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-12;

        public int GetHashCode(double obj) => 0;
    }
}
