using Xunit.Abstractions;

namespace MetaOpt.FaultInjection.Tests;

/// <summary>The size of each attack corpus, for the README's figures (the kill counts are printed by <see cref="KillTests"/>).</summary>
public sealed class FigureTests(ITestOutputHelper output)
{
    [Fact]
    public void CorporaAreAsLargeAsTheIssueAsks()
    {
        // Damaged contents, plus a read-only file, an unwritable directory, a hard link and a symbolic link.
        var files = DamagedFile.Corpus.Count + 4;
        var attacks = files * DamagedStorageTests.StorageCommands.Length;
        output.WriteLine($"damaged files tried: {files} ({attacks} command runs); bad inputs tried: {BadCommandLine.Corpus.Count}");
        Assert.True(DamagedFile.Corpus.Count(f => f.Name.StartsWith("truncated-", StringComparison.Ordinal)) >= 3, "truncated at several sizes");
        Assert.True(DamagedFile.Corpus.Count(f => f.Name.StartsWith("flipped-", StringComparison.Ordinal)) >= 3, "flipped at several offsets");
        Assert.Equal(BadCommandLine.Corpus.Count, BadCommandLine.Corpus.Select(c => c.Name).Distinct().Count());
    }
}
