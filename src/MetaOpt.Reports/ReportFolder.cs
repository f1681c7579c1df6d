namespace MetaOpt;

/// <summary>
/// Writes a report folder all at once: the files go into a hidden sibling folder that is then renamed into place,
/// so a process killed or interrupted meanwhile leaves the earlier report complete (or no report), never a folder
/// of images without its page.
/// </summary>
/// <example><code>
/// ReportFolder.Replace("reports/my-study", folder =>
/// {
///     StudyReport.Write(study, folder);
///     StudyReport.WriteComparison([study, other], folder);
/// });
/// </code></example>
public static class ReportFolder
{
    private const string NewSuffix = ".new-";
    private const string OldSuffix = ".old-";

    /// <summary>The kinds of file a report writes (images, pages, the trials' CSV): a folder holding only these may be replaced.</summary>
    internal static readonly IReadOnlySet<string> ReportExtensions = new HashSet<string>(StringComparer.Ordinal) { ".png", ".html", ".csv" };

    /// <summary>Replaces <paramref name="directory"/> (created if missing) with what <paramref name="write"/> puts in the folder it is given.</summary>
    /// <param name="directory">The report folder; an existing one is replaced as a whole.</param>
    /// <param name="write">Writes the report's files into the folder it is passed.</param>
    /// <param name="cancellation">Checked before the folder is put in place; the earlier report is then kept.</param>
    /// <exception cref="OperationCanceledException">Cancelled; nothing was changed.</exception>
    /// <exception cref="IOException">The folder cannot be written, <paramref name="directory"/> is a file, or it holds
    /// something a report does not write (only <c>.png</c>, <c>.html</c> and <c>.csv</c> files are replaced, so a mistaken path
    /// never deletes anything else).</exception>
    public static void Replace(string directory, Action<string> write, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(write);
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var parent = Path.GetDirectoryName(target) ?? throw new IOException($"'{directory}' is the root, not a folder a report can replace.");
        var name = Path.GetFileName(target);
        Directory.CreateDirectory(parent);
        CleanUp(parent, name, target);
        if (Directory.Exists(target))
            EnsureOnlyReportFiles(target);
        var fresh = Path.Combine(parent, $".{name}{NewSuffix}{Environment.ProcessId}");
        var aside = Path.Combine(parent, $".{name}{OldSuffix}{Environment.ProcessId}");
        Directory.CreateDirectory(fresh);
        try
        {
            write(fresh);
            cancellation.ThrowIfCancellationRequested();
            if (Directory.Exists(target))
                Directory.Move(target, aside);
            try
            {
                Directory.Move(fresh, target);
            }
            catch
            {
                if (Directory.Exists(aside))
                    Directory.Move(aside, target);
                throw;
            }
        }
        finally
        {
            DeleteQuietly(fresh);
            DeleteQuietly(aside);
        }
    }

    private static void EnsureOnlyReportFiles(string target)
    {
        var foreign = Directory.EnumerateFileSystemEntries(target)
            .FirstOrDefault(e => !File.Exists(e) || !ReportExtensions.Contains(Path.GetExtension(e)));
        if (foreign is not null)
            throw new IOException(
                $"'{target}' holds '{Path.GetFileName(foreign)}', which is not part of a report; a report replaces its whole folder, " +
                "so give a new folder or one that holds only an earlier report.");
    }

    // What an earlier writer killed mid-way left: its half-written folder is dropped, and the report it had set aside
    // goes back in place when the new one never arrived.
    private static void CleanUp(string parent, string name, string target)
    {
        foreach (var left in Leftovers(parent, name, OldSuffix))
        {
            if (!Directory.Exists(target))
                Directory.Move(left, target);
            else
                DeleteQuietly(left);
        }
        foreach (var left in Leftovers(parent, name, NewSuffix))
            DeleteQuietly(left);
    }

    // Matched by prefix rather than a search pattern, which would read wildcards in the folder's name.
    private static List<string> Leftovers(string parent, string name, string suffix) =>
        Directory.EnumerateDirectories(parent)
            .Where(d => Path.GetFileName(d).StartsWith($".{name}{suffix}", StringComparison.Ordinal))
            .ToList();

    private static void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover hidden folder does no harm; the next write tries again.
        }
    }
}
