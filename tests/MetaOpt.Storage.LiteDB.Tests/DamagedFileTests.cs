using System.Buffers.Binary;
using MetaOpt.Storage.Testing;

namespace MetaOpt.Storage.LiteDB.Tests;

/// <summary>
/// Damaged and foreign files: every open (to write or to read) is refused with a <see cref="StorageFileException"/>
/// and leaves the file byte for byte as it was; <see cref="LiteDbStorage.Check"/> says what is wrong and
/// <see cref="LiteDbStorage.Recover"/> copies what is readable into a new file.
/// </summary>
public sealed class DamagedFileTests : IDisposable
{
    private const int PageSize = 8192;
    private const int Studies = 3;
    private const int TrialsPerStudy = 60;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public static TheoryData<string> Damages() =>
    [
        "text", "random bytes", "cut at 8192", "cut at 65536", "cut in half", "cut mid-page",
        "flipped in the header text", "flipped in the header page's collection list", "flipped in the first index page", "flipped in the last index page",
        "flipped in the first data page", "flipped in the last data page", "flipped in a trial's parameters",
    ];

    [Theory]
    [MemberData(nameof(Damages))]
    public void ADamagedFileIsRefusedToWritersAndReadersAndLeftAsItWas(string damage)
    {
        var path = Damaged(damage);
        var before = SampleStorage.Fingerprint(path);

        var write = Assert.ThrowsAny<StorageFileException>(() => new LiteDbStorage(path));
        var read = Assert.ThrowsAny<StorageFileException>(() => LiteDbStorage.OpenReadOnly(path));

        Assert.IsNotType<StorageLockedException>(write);
        Assert.Contains(path, write.Message);
        Assert.Equal(write.GetType(), read.GetType());
        Assert.Equal(before, SampleStorage.Fingerprint(path));
        Assert.Equal([path], Directory.GetFiles(_directory.FullPath));
    }

    [Fact]
    public void AFileCutMidPageIsSaidToBeCutShort()
    {
        var path = Damaged("cut mid-page");

        var read = Assert.Throws<StorageDamagedException>(() => LiteDbStorage.OpenReadOnly(path));

        Assert.Contains("not a whole number of 8192-byte pages: the file was cut short", read.Message);
        Assert.Contains("cut short", Assert.Single(LiteDbStorage.Check(path).Problems));
    }

    [Theory]
    [MemberData(nameof(Damages))]
    public void CheckReportsTheDamageWithoutWriting(string damage)
    {
        var path = Damaged(damage);
        var before = SampleStorage.Fingerprint(path);

        try
        {
            var result = LiteDbStorage.Check(path);
            Assert.False(result.IsSound);
            Assert.NotEmpty(result.Problems);
        }
        catch (InvalidStorageFileException)
        {
            // Not a LiteDB file at all (text, random bytes, a changed header): nothing of MetaOpt's to check.
        }

        Assert.Equal(before, SampleStorage.Fingerprint(path));
    }

    [Theory]
    [InlineData("cut in half")]
    [InlineData("flipped in the header page's collection list")]
    [InlineData("flipped in the last index page")]
    [InlineData("flipped in a trial's parameters")]
    public void RecoverCopiesEveryReadableTrialIntoANewSoundFileAndLeavesTheSourceAlone(string damage)
    {
        var path = Damaged(damage);
        var before = SampleStorage.Fingerprint(path);
        var copy = _directory.File("recovered.db");

        var result = LiteDbStorage.Recover(path, copy);

        Assert.Equal(before, SampleStorage.Fingerprint(path));
        Assert.True(result.TrialsCopied > 0, $"nothing recovered: {string.Join("; ", result.Problems)}");
        Assert.True(LiteDbStorage.Check(copy).IsSound);
        using var recovered = new LiteDbStorage(copy);
        var trials = recovered.GetAllStudies().SelectMany(s => recovered.GetAllTrials(s.Name)).ToList();
        Assert.Equal(result.TrialsCopied, trials.Count);
        Assert.Equal(result.StudiesCopied, recovered.GetAllStudies().Count);
        Assert.True(result.TrialsCopied + result.TrialsLost <= Studies * TrialsPerStudy);
        // Each copied trial is one of the originals: its value is its old number, and its parameter follows from it.
        Assert.All(trials, t => Assert.Equal(t.Value!.Value / TrialsPerStudy, (double)t.Params["x"], 12));
        foreach (var study in recovered.GetAllStudies())
            Assert.Equal(Enumerable.Range(0, recovered.GetAllTrials(study.Name).Count), recovered.GetAllTrials(study.Name).Select(t => t.Number));
    }

    [Theory]
    [InlineData("flipped in the header page's collection list")]
    [InlineData("flipped in the last index page")]
    [InlineData("flipped in the first data page")]
    [InlineData("flipped in the last data page")]
    [InlineData("flipped in a trial's parameters")]
    public void RecoverCountsEveryTrialItCouldNotCopyAsLost(string damage)
    {
        var path = Damaged(damage);

        var result = LiteDbStorage.Recover(path, _directory.File("recovered.db"));

        Assert.Equal(Studies * TrialsPerStudy, result.TrialsCopied + result.TrialsLost);
        Assert.Equal(Studies, result.StudiesCopied + result.StudiesLost);
        Assert.Equal(0, result.PagesMissing);
    }

    [Theory]
    [InlineData("cut at 65536", 100)]
    [InlineData("cut in half", 100)]
    public void RecoverOfAFileCutShortCountsTheTrialsItsSurvivingIndexListsAndSaysPagesAreGone(string damage, int atLeastKnown)
    {
        var path = Damaged(damage);

        var result = LiteDbStorage.Recover(path, _directory.File("recovered.db"));

        // What the cut-off pages held is unknown except where a surviving index page lists it: never more than there was.
        Assert.InRange(result.TrialsCopied + result.TrialsLost, atLeastKnown, Studies * TrialsPerStudy);
        Assert.True(result.PagesMissing > 0);
        Assert.Contains(result.Problems, p => p.Contains("pages short of the", StringComparison.Ordinal));
    }

    [Fact]
    public void RecoverOfASoundFileCopiesEverything()
    {
        var path = _directory.File("sound.db");
        SampleStorage.Write(path, Studies, TrialsPerStudy);
        var before = SampleStorage.Fingerprint(path);

        var result = LiteDbStorage.Recover(path, _directory.File("copy.db"));

        Assert.Equal((Studies, Studies * TrialsPerStudy, 0, 0), (result.StudiesCopied, result.TrialsCopied, result.StudiesLost, result.TrialsLost));
        Assert.Empty(result.Problems);
        Assert.Equal(before, SampleStorage.Fingerprint(path));
        using var original = LiteDbStorage.OpenReadOnly(path);
        using var copy = LiteDbStorage.OpenReadOnly(_directory.File("copy.db"));
        Assert.Equal(original.GetAllStudies(), copy.GetAllStudies(), (a, b) => a.Name == b.Name && a.UserAttrs["description"].Equals(b.UserAttrs["description"]));
        foreach (var study in original.GetAllStudies())
        {
            foreach (var (a, b) in original.GetAllTrials(study.Name).Zip(copy.GetAllTrials(study.Name)))
                StorageContractTests.AssertSameTrial(a, b);
        }
    }

    [Fact]
    public void RecoverNeverReplacesAnExistingFile()
    {
        var path = _directory.File("sound.db");
        SampleStorage.Write(path, 1, 1);
        var existing = _directory.File("existing.db");
        File.WriteAllText(existing, "keep me");

        var refused = Assert.Throws<StorageUnavailableException>(() => LiteDbStorage.Recover(path, existing));

        Assert.Contains("already exists", refused.Message);
        Assert.Equal("keep me", File.ReadAllText(existing));
    }

    [Fact]
    public void AnEmptyFileBecomesANewStorageForAWriter()
    {
        var path = _directory.File("empty.db");
        File.WriteAllBytes(path, []);

        using (var storage = new LiteDbStorage(path))
            storage.CreateStudy("s", Direction.Minimize);

        using var reopened = LiteDbStorage.OpenReadOnly(path);
        Assert.Equal("s", Assert.Single(reopened.GetAllStudies()).Name);
    }

    /// <summary>A sample storage damaged as <paramref name="damage"/> says.</summary>
    private string Damaged(string damage)
    {
        var sound = _directory.File("sound.source");
        SampleStorage.Write(sound, Studies, TrialsPerStudy);
        var bytes = File.ReadAllBytes(sound);
        File.Delete(sound);
        var random = new Random(damage.Length);
        bytes = damage switch
        {
            "text" => "studies: none\nthis is not a database\n"u8.ToArray(),
            "random bytes" => RandomBytes(random, 3 * PageSize),
            "cut at 8192" => bytes[..8192],
            "cut at 65536" => bytes[..65536],
            "cut in half" => bytes[..(bytes.Length / PageSize / 2 * PageSize)],
            "cut mid-page" => bytes[..(bytes.Length / 2 + 1000)],
            "flipped in the header text" => Flipped(bytes, 40),
            "flipped in the header page's collection list" => Flipped(bytes, Find(bytes[..PageSize], "trials"u8)),
            "flipped in the first index page" => FlippedNodes(bytes, FirstPage(bytes, pageType: 3, from: 0)),
            "flipped in the last index page" => Flipped(bytes, LastPage(bytes, pageType: 3) * PageSize + 32, 64),
            "flipped in the first data page" => Flipped(bytes, SlotContent(bytes, FirstPage(bytes, pageType: 4, from: 0))),
            "flipped in the last data page" => Flipped(bytes, SlotContent(bytes, LastPage(bytes, pageType: 4))),
            "flipped in a trial's parameters" => Flipped(bytes, Find(bytes, "internal"u8) + 12),
            _ => throw new ArgumentOutOfRangeException(nameof(damage), damage, null),
        };
        var path = _directory.File("damaged.db");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Flipped(byte[] bytes, int offset, int length = 8)
    {
        var copy = (byte[])bytes.Clone();
        for (var i = offset; i < offset + length; i++)
            copy[i] ^= 0x5A;
        return copy;
    }

    // Every node of the page: which indexes the first index page holds (and so whether 64 bytes of it reach one that
    // Check walks) depends on what the process wrote before, and the sample's layout moved by 90 bytes between a run
    // of this test alone and one among the others.
    private static byte[] FlippedNodes(byte[] bytes, int page) =>
        Flipped(bytes, page * PageSize + 32, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(page * PageSize + 24)));

    private static int Find(byte[] bytes, ReadOnlySpan<byte> text)
    {
        var at = bytes.AsSpan().IndexOf(text);
        Assert.True(at >= 0, "the sample storage lacks the text to damage");
        return at;
    }

    private static int FirstPage(byte[] bytes, byte pageType, int from) =>
        Enumerable.Range(from, bytes.Length / PageSize - from).First(p => p > 0 && bytes[p * PageSize + 4] == pageType);

    private static int LastPage(byte[] bytes, byte pageType) =>
        Enumerable.Range(1, bytes.Length / PageSize - 1).Last(p => bytes[p * PageSize + 4] == pageType);

    /// <summary>An offset inside the document data of the page's first slot.</summary>
    private static int SlotContent(byte[] bytes, int page)
    {
        // Slot 0 is the page's last 4 bytes: its length, then its position.
        var slotPosition = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(page * PageSize + PageSize - 2));
        return page * PageSize + slotPosition + 40;
    }
}
