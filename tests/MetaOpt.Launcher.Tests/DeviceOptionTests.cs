using System.Text.Json;
using MetaOpt.Execution;
using MetaOpt.Studies;

namespace MetaOpt.Launcher.Tests;

/// <summary>
/// <c>run --devices</c>: the slots are checked before anything is stored, and each trial records the slot it ran on.
/// The placement itself (no two running trials on one slot) is tested with fake GPUs in DevicePlacementTests.
/// </summary>
public sealed class DeviceOptionTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly string _storage;

    public DeviceOptionTests() => _storage = _directory.File("s.db");

    public void Dispose() => _directory.Dispose();

    private sealed class SixtyFourGpus : IGpuProbe
    {
        public int CountGpus() => 64;
    }

    [Theory]
    // No machine this runs on has 64 GPUs: without any it needs a GPU, with some it does not exist.
    [InlineData("cuda:63", "metaopt: invalid --devices 'cuda:63': device 'cuda:63' ")]
    [InlineData("gpu", "metaopt: invalid --devices 'gpu': unknown device 'gpu'; use cpu, cpu*N, cuda, cuda:N or cuda:all")]
    [InlineData("cpu,,cpu", "metaopt: invalid --devices 'cpu,,cpu': an empty device in the list")]
    public void AnUnusableDeviceListIsRefusedBeforeAnyStudyIsStored(string devices, string start)
    {
        var outcome = Launcher.Run("run", "synthetic-cold-start", "--devices", devices, "--trials", "1", "--storage", _storage);

        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith(start, Assert.Single(outcome.ErrorLines));
        Assert.False(File.Exists(_storage));
    }

    [Theory]
    [InlineData(new[] { "--trials-per-device", "2" }, "metaopt: --trials-per-device needs --devices: pass the devices the trials share")]
    [InlineData(new[] { "--devices", "cpu", "--device", "cpu" }, "metaopt: --device and --devices both given: use --devices 'cpu' alone (one slot per trial)")]
    public void DeviceOptionsThatContradictEachOtherAreRefused(string[] options, string line)
    {
        var outcome = Launcher.Run(["run", "synthetic-cold-start", "--trials", "1", "--storage", _storage, .. options]);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal([line], outcome.ErrorLines);
        Assert.False(File.Exists(_storage));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("many")]
    [InlineData("2.5")]
    public void AnUnusableTrialsPerDeviceIsRefusedBeforeAnyStudyIsStored(string value)
    {
        var outcome = Launcher.Run("run", "synthetic-cold-start", "--devices", "cpu", "--trials-per-device", value, "--trials", "1", "--storage", _storage);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal([$"metaopt: invalid --trials-per-device '{value}': use a whole number 1 to 256, or auto"], outcome.ErrorLines);
        Assert.False(File.Exists(_storage));
    }

    [Fact]
    public void AutoOnCpuDevicesSaysItRunsOneTrialPerDevice()
    {
        var outcome = Launcher.Run("run", "synthetic-cold-start", "--devices", "cpu*2", "--trials-per-device", "auto", "--trials", "2",
            "--epochs", "1", "--pruner", "none", "--storage", _storage);

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Contains("--trials-per-device auto: no GPU among --devices, so one trial per device, as --trials-per-device 1.", outcome.Output);
        using var storage = new LiteDbStorage(_storage);
        var trials = storage.GetAllTrials("synthetic-cold-start");
        Assert.Equal(2, trials.Count);
        Assert.All(trials, t => Assert.Equal("cpu", t.UserAttrs[TrialAttributes.Device]));
        Assert.All(trials, t => Assert.Equal(2L, Convert.ToInt64(t.UserAttrs[Trial.TrialsPerDeviceAttr])));
    }

    [Fact]
    public void TrialsRunOnTheSlotsAndRecordTheirDevice()
    {
        var outcome = Launcher.Run("run", "synthetic-cold-start", "--devices", "cpu*2", "--trials", "2", "--epochs", "1",
            "--pruner", "none", "--storage", _storage);

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        using var storage = new LiteDbStorage(_storage);
        var trials = storage.GetAllTrials("synthetic-cold-start");
        Assert.Equal(2, trials.Count);
        Assert.All(trials, t => Assert.Equal("cpu", t.UserAttrs["device"]));
        Assert.Contains("trial 0 started on cpu", outcome.Output);
        var runs = JsonDocument.Parse((string)storage.FindStudy("synthetic-cold-start")!.UserAttrs["runs"]).RootElement;
        Assert.Equal("cpu*2", runs[0].GetProperty("device").GetString());
    }

    [Fact]
    public void AStudyWithoutUsersNotesTheFoldsAsIgnored()
    {
        var outcome = Launcher.Run("run", "functions-branin", "--folds", "3", "--trials", "2", "--storage", _storage);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(["metaopt: note: study 'functions-branin' does not use --folds; it is ignored"], outcome.ErrorLines);
    }

    [Fact]
    public void AStudyThatTrainsNothingNotesTheDevicesAsIgnored()
    {
        var outcome = Launcher.Run("run", "functions-branin", "--devices", "cpu*2", "--trials", "2", "--storage", _storage);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(["metaopt: note: study 'functions-branin' does not use --devices; it is ignored"], outcome.ErrorLines);
    }

    [Fact]
    public void ARecommenderTrialTrainsOnItsSlotsDevice()
    {
        // The slot reaches the training configuration: no real machine has a cuda:63, so training there fails naming it.
        var prepared = new MetaOpt.Studies.Recommender.SyntheticColdStartStudy().Prepare(new StudyRunContext { Epochs = 1 });
        var study = Study.Create("slot", new StudyOptions { Sampler = new RandomSampler(seed: 3) });

        study.Optimize(prepared.Objective, trials: 1, devices: DeviceSlots.Parse("cuda:63", 1, new SixtyFourGpus()), stopOnCtrlC: false);

        var trial = Assert.Single(study.Trials);
        Assert.Equal("cuda:63", trial.UserAttrs[TrialAttributes.Device]);
        Assert.Equal(TrialState.Failed, trial.State);
        Assert.Contains("Device 'cuda:63'", trial.FailReason);
    }
}
