namespace MetaOpt.Dashboard.Tests;

/// <summary>Where the dashboard may listen: loopback by default, another address only when asked for.</summary>
public sealed class DashboardOptionsTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("localhost", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::", false)]
    [InlineData("192.168.1.20", false)]
    public void LoopbackIsToldApart(string host, bool loopback) =>
        Assert.Equal(loopback, new DashboardOptions { Host = host }.IsLoopback);

    [Fact]
    public void TheDefaultIsLoopback() => Assert.True(new DashboardOptions().IsLoopback);

    [Fact]
    public async Task AHostNameIsRefused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            DashboardServer.StartAsync(new InMemoryStorage(), new DashboardOptions { Host = "example.com", Port = 0 }));

        Assert.Contains("'example.com'", error.Message);
    }

    [Fact]
    public async Task ATakenPortIsAnIOException()
    {
        await using var first = await DashboardServer.StartAsync(new InMemoryStorage(), new DashboardOptions { Port = 0 });

        await Assert.ThrowsAnyAsync<IOException>(() =>
            DashboardServer.StartAsync(new InMemoryStorage(), new DashboardOptions { Port = first.Port }));
    }
}
