using System.Net;
using System.Text.RegularExpressions;

namespace MetaOpt.Dashboard.Tests;

/// <summary>The pages and every script and style they load come from the assembly, never from another site.</summary>
public sealed partial class AssetTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/study?name=x")]
    [InlineData("/compare?names=a")]
    public async Task PagesLoadOnlyAssetsTheServerHas(string page)
    {
        await using var host = await DashboardHost.StartAsync(new InMemoryStorage());

        var html = await host.Client.GetStringAsync(page);

        var references = AssetReference().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(references);
        foreach (var reference in references.Where(r => !r.StartsWith("data:", StringComparison.Ordinal)))
        {
            Assert.StartsWith("/assets/", reference);
            using var response = await host.Client.GetAsync(reference);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task TheChartingLibraryIsEmbeddedAndRevalidatedByETag()
    {
        await using var host = await DashboardHost.StartAsync(new InMemoryStorage());

        using var first = await host.Client.GetAsync("/assets/echarts.min.js");
        var script = await first.Content.ReadAsStringAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/assets/echarts.min.js");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await host.Client.SendAsync(request);

        Assert.Contains("echarts", script);
        Assert.True(script.Length > 500_000, $"echarts.min.js is only {script.Length} characters");
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task AnUnknownAssetIsNotFound()
    {
        await using var host = await DashboardHost.StartAsync(new InMemoryStorage());

        using var response = await host.Client.GetAsync("/assets/missing.js");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [GeneratedRegex(@"<(?:script[^>]*\ssrc|link[^>]*\shref)=""([^""]+)""")]
    private static partial Regex AssetReference();
}
