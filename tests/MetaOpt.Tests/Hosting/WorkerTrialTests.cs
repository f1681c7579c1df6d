using System.Text.Json.Nodes;
using MetaOpt.Execution;
using MetaOpt.Hosting;

namespace MetaOpt.Tests.Hosting;

/// <summary>
/// A trial in a worker process forwards everything to the parent's real trial, through the worker protocol's JSON:
/// the parent samples and stores, the worker sees the same values with the types it asked for.
/// </summary>
public sealed class WorkerTrialTests
{
    /// <summary>The worker's channel with the socket left out: each request goes through the protocol's JSON to the parent's trial.</summary>
    private sealed class Loopback(Trial parent) : ITrialChannel
    {
        public double Suggest(string name, Distribution distribution) =>
            parent.SuggestInternal(name, DistributionJson.Read(JsonNode.Parse(DistributionJson.ToNode(distribution).ToJsonString())));

        public void Report(double value, int step) => parent.Report(RoundTrip(value), step);

        public bool ShouldPrune() => parent.ShouldPrune();

        public void SetUserAttr(string key, object value) =>
            parent.SetUserAttr(key, WorkerMessages.ReadValue(JsonNode.Parse(WorkerMessages.Value(key, value).ToJsonString())));

        public ArtifactInfo SaveArtifact(string name, string path, string contentType)
        {
            using var content = File.OpenRead(path);
            return parent.SaveArtifact(name, content, contentType);
        }
    }

    private static double RoundTrip(double value) => WorkerMessages.ReadNumber(JsonNode.Parse(WorkerMessages.Number(value).ToJsonString()));

    [Fact]
    public void SuggestionsReportsAndAttributesAreTheParentsTrials()
    {
        var study = Study.Create("remote", new StudyOptions { Sampler = new RandomSampler(seed: 2) });
        var parent = study.Ask();
        var remote = new Trial(new Loopback(parent), parent.Id, parent.Number, parent.Seed, "cuda:0");

        var x = remote.SuggestFloat("x", 1e-3, 1, log: true);
        var n = remote.SuggestInt("n", 1, 9, step: 2);
        var c = remote.SuggestCategorical("c", new object[] { 3, "a", true });
        var half = remote.SuggestCategorical("half", new[] { 0.5 });
        remote.Report(0.25, 1);
        remote.SetUserAttr("k", 7);

        Assert.Equal(parent.Seed, remote.Seed);

        var stored = study.Storage.GetTrial(parent.Id);
        Assert.Equal(x, (double)stored.Params["x"]);
        Assert.Equal(n, Convert.ToInt32(stored.Params["n"]));
        Assert.Equal(new Dictionary<string, object> { ["x"] = x, ["n"] = n, ["c"] = c, ["half"] = half }, remote.Params);
        Assert.Equal(0.5, half);
        // The parent stores the choices with the types the worker gave them, as an in-process trial would.
        Assert.Equal([typeof(int), typeof(string), typeof(bool)], ((CategoricalDistribution)stored.Distributions["c"]).Choices.Select(v => v.GetType()));
        Assert.Equal(0.25, stored.IntermediateValues[1]);
        Assert.Equal(7, stored.UserAttrs["k"]);
        Assert.Equal("cuda:0", remote.Device);
        Assert.Throws<InvalidOperationException>(() => remote.Study);
    }

    [Fact]
    public void AWorkerTrialsArtifactIsKeptInTheParentsStore()
    {
        var folder = Path.Combine(Path.GetTempPath(), "metaopt-worker-artifact-" + Guid.NewGuid().ToString("N"));
        try
        {
            var store = new LocalArtifactStore(folder);
            var study = Study.Create("remote", new StudyOptions { Artifacts = store, KeepArtifacts = ArtifactKeepPolicy.All });
            var parent = study.Ask();
            var remote = new Trial(new Loopback(parent), parent.Id, parent.Number, parent.Seed, null, parent.CanSaveArtifacts);
            Assert.True(remote.CanSaveArtifacts);

            var saved = remote.SaveArtifact("model.bin", new MemoryStream([1, 2, 3]));

            Assert.Equal(saved, Assert.Single(study.Storage.GetTrial(parent.Id).Artifacts));
            using var read = store.OpenRead(saved.Hash);
            Assert.Equal(3, read.Length);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ASearchSpaceConflictIsCaughtOnEitherSide()
    {
        var study = Study.Create("remote", new StudyOptions { Sampler = new RandomSampler(seed: 2) });
        var parent = study.Ask();
        parent.SuggestFloat("y", 0, 1);
        var remote = new Trial(new Loopback(parent), parent.Id, parent.Number, parent.Seed, null);
        remote.SuggestFloat("x", 0, 1);

        Assert.Throws<InvalidSearchSpaceException>(() => remote.SuggestFloat("x", 0, 2));
        Assert.Throws<InvalidSearchSpaceException>(() => remote.SuggestFloat("y", 0, 5));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-0.1)]
    [InlineData(1e-300)]
    public void NumbersSurviveTheProtocol(double value) => Assert.Equal(value, RoundTrip(value));

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(0.1)]
    public void TheProtocolWritesNumbersAsTheEngineDoes(double value) =>
        Assert.Equal(ValueJson.Text(writer => ValueJson.WriteDouble(writer, value)), WorkerMessages.Number(value).ToJsonString());

    [Fact]
    public void AWorkerSeesOnlyItsSlotsGpuAsItsFirst()
    {
        var slots = DeviceSlots.Parse("cuda:3,cpu", 1, new FourGpus());
        using var gpu = slots.Acquire();
        using var cpu = slots.Acquire();
        Assert.Equal(("cuda:3", "3", "cuda:0"), (gpu.Device, ProcessDevice.VisibleGpu(gpu.Device), ProcessDevice.InOwnProcess(gpu.Device)));
        Assert.Equal(("cpu", null, "cpu"), (cpu.Device, ProcessDevice.VisibleGpu(cpu.Device), ProcessDevice.InOwnProcess(cpu.Device)));
    }

    private sealed class FourGpus : IGpuProbe
    {
        public int CountGpus() => 4;
    }

    [Theory]
    [InlineData(2, "2s")]
    [InlineData(90 * 60, "1h30m")]
    [InlineData(86_400 + 5, "1d5s")]
    public void TimeoutsAreWrittenAsPeopleGiveThem(int seconds, string text) => Assert.Equal(text, Units.Duration(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(200L << 20, "200M")]
    [InlineData(8L << 30, "8G")]
    [InlineData(1536L << 20, "1536M")]
    [InlineData(1000, "1000 bytes")]
    public void MemoryCapsAreWrittenAsPeopleGiveThem(long bytes, string text) => Assert.Equal(text, Units.Bytes(bytes));
}
