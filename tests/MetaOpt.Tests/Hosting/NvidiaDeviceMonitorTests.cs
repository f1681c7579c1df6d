using MetaOpt.Execution;
using MetaOpt.Hosting;

namespace MetaOpt.Tests.Hosting;

public sealed class NvidiaDeviceMonitorTests
{
    [Theory]
    [InlineData("81000, 81559, 37\n", 81000L, 81559L, 37.0)]
    [InlineData(" 0, 143771, 0", 0L, 143771L, 0.0)]
    public void ReadsFreeAndTotalMemoryInMebibytesAndUtilisation(string line, long free, long total, double utilisation) =>
        Assert.Equal(new DeviceReading(free << 20, total << 20, utilisation), NvidiaDeviceMonitor.Parse(line));

    [Theory]
    [InlineData("")]
    [InlineData("[N/A], 81559, 37")]
    [InlineData("81000, 81559")]
    [InlineData("No devices were found")]
    public void AnythingElseIsNoReading(string line) => Assert.Null(NvidiaDeviceMonitor.Parse(line));

    [Fact]
    public void ACpuIsNeverRead() => Assert.Null(new NvidiaDeviceMonitor().Read("cpu"));
}
