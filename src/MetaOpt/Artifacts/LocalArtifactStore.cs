using System.Security.Cryptography;

namespace MetaOpt;

/// <summary>
/// An <see cref="IArtifactStore"/> in a local (or network-mounted) folder: <c>blobs/ab/abcd…</c> named by their
/// SHA-256, written to <c>tmp/</c> first and renamed into place, so a killed writer leaves at most a temporary file;
/// <c>released/</c> holds one empty file per trial whose artifacts the keep policy let go; <c>lock</c> is the file
/// whose exclusive lock (flock on Linux, taken through <see cref="FileShare.None"/>) serialises recording and deleting.
/// </summary>
public sealed class LocalArtifactStore : IArtifactStore
{
    private const string BlobFolder = "blobs";
    private const string TempFolder = "tmp";
    private const string ReleasedFolder = "released";

    /// <summary>
    /// The store in <paramref name="folder"/>. Nothing is created until something is written (the first blob, lock or
    /// mark), so opening a store to read it, or for a run refused later, leaves no folder behind.
    /// </summary>
    public LocalArtifactStore(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Location = Path.GetFullPath(folder);
    }

    /// <summary>How long <see cref="Lock"/> waits for another holder before it gives up.</summary>
    public static TimeSpan LockWait { get; } = TimeSpan.FromMinutes(2);

    /// <inheritdoc/>
    public string Location { get; }

    /// <inheritdoc/>
    public ArtifactBlob Write(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var temp = Path.Combine(Directory.CreateDirectory(Path.Combine(Location, TempFolder)).FullName, Guid.NewGuid().ToString("N"));
        try
        {
            ArtifactBlob blob;
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                blob = CopyHashing(content, file);
                // On disk before the rename publishes it: a crash never leaves a named blob with missing bytes.
                file.Flush(flushToDisk: true);
            }
            var path = BlobPath(blob.Hash);
            if (File.Exists(path))
                File.Delete(temp);
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                // Another writer of the same bytes may rename first: its file is the same, so replacing it is harmless.
                File.Move(temp, path, overwrite: true);
            }
            return blob;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Copies <paramref name="source"/> to its end into <paramref name="target"/> and returns the SHA-256 and length of what it copied.</summary>
    internal static ArtifactBlob CopyHashing(Stream source, Stream target)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        long size = 0;
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            target.Write(buffer, 0, read);
            size += read;
        }
        return new ArtifactBlob(Convert.ToHexStringLower(sha.GetHashAndReset()), size);
    }

    /// <inheritdoc/>
    public Stream OpenRead(string hash) =>
        File.Exists(BlobPath(hash))
            ? new FileStream(BlobPath(hash), FileMode.Open, FileAccess.Read, FileShare.Read)
            : throw new FileNotFoundException($"The artifact store {Location} has no blob {hash}.", BlobPath(hash));

    /// <inheritdoc/>
    public bool Contains(string hash) => File.Exists(BlobPath(hash));

    /// <inheritdoc/>
    public void Delete(string hash) => DeleteIfThere(BlobPath(hash));

    /// <inheritdoc/>
    public IReadOnlyList<string> Hashes() => !Directory.Exists(Path.Combine(Location, BlobFolder)) ? [] :
        Directory.EnumerateFiles(Path.Combine(Location, BlobFolder), "*", SearchOption.AllDirectories)
            .Select(Path.GetFileName)
            .Where(name => name is { Length: 64 } && name.All(char.IsAsciiHexDigitLower))
            .Select(name => name!)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <inheritdoc/>
    public IDisposable Lock()
    {
        var path = Path.Combine(Directory.CreateDirectory(Location).FullName, "lock");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < LockWait)
            {
                Thread.Sleep(5);
            }
        }
    }

    /// <inheritdoc/>
    public void MarkReleased(long trialId)
    {
        Directory.CreateDirectory(Path.Combine(Location, ReleasedFolder));
        File.WriteAllBytes(ReleasedPath(trialId), []);
    }

    /// <inheritdoc/>
    public bool IsReleased(long trialId) => File.Exists(ReleasedPath(trialId));

    /// <inheritdoc/>
    public void ForgetReleased(long trialId) => DeleteIfThere(ReleasedPath(trialId));

    // File.Delete ignores a missing file but not a missing folder, which a store written to lazily may lack.
    private static void DeleteIfThere(string path)
    {
        if (File.Exists(path))
            File.Delete(path);
    }

    private string BlobPath(string hash)
    {
        if (hash is not { Length: 64 } || !hash.All(char.IsAsciiHexDigitLower))
            throw new ArgumentException($"'{hash}' is not a lower-case hex SHA-256.", nameof(hash));
        return Path.Combine(Location, BlobFolder, hash[..2], hash);
    }

    private string ReleasedPath(long trialId) => Path.Combine(Location, ReleasedFolder, trialId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
