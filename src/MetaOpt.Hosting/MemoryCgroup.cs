using System.Globalization;

namespace MetaOpt.Hosting;

/// <summary>
/// A cgroup v2 memory cap for one worker: a child of this process's own cgroup with <c>memory.max</c> set, which the
/// worker joins as it starts, so the cap counts the resident memory of the worker and everything it starts.
/// </summary>
/// <remarks>
/// Only where the unified hierarchy is mounted and this process may give its cgroup children with the memory
/// controller. A cgroup that holds processes cannot enable controllers for its children, so where this process is
/// the only one in its cgroup (the main process of a delegated service, <c>Delegate=yes</c>) it first moves into a
/// leaf of its own, <see cref="MainLeaf"/>, as a delegated cgroup's manager should. Where others share its cgroup
/// (a login shell's, a container's), moving them is not ours to do: there is none, and the worker caps its address
/// space instead.
/// </remarks>
internal sealed class MemoryCgroup : IDisposable
{
    /// <summary>The leaf this process moves into so that its own cgroup may enable the memory controller.</summary>
    public const string MainLeaf = "metaopt-main";

    private MemoryCgroup(string path) => Path = path;

    /// <summary>The cgroup's folder, which the worker writes its pid into (<c>cgroup.procs</c>).</summary>
    public string Path { get; }

    /// <summary>Whether the kernel killed a process of this cgroup for exceeding its <c>memory.max</c>.</summary>
    public bool OomKilled
    {
        get
        {
            try
            {
                return File.ReadLines(System.IO.Path.Combine(Path, "memory.events"))
                    .Select(line => line.Split(' '))
                    .Any(fields => fields is ["oom_kill", var count] && long.TryParse(count, CultureInfo.InvariantCulture, out var n) && n > 0);
            }
            catch (IOException)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Creates the cgroup of one worker, named <paramref name="name"/>, capped at <paramref name="bytes"/> with no swap;
    /// null where cgroup v2 memory caps are not available to this process.
    /// </summary>
    /// <param name="name">A name unique among this process's workers.</param>
    /// <param name="bytes">The cap.</param>
    /// <param name="root">Where the unified hierarchy is mounted (a test gives a folder of its own).</param>
    /// <param name="membership">This process's cgroup membership file (a test gives a file of its own).</param>
    public static MemoryCgroup? TryCreate(string name, long bytes, string root = "/sys/fs/cgroup", string membership = "/proc/self/cgroup")
    {
        string? created = null;
        try
        {
            // "0::/path" is the membership in the unified hierarchy; a hybrid or v1-only machine has none usable here.
            var own = File.ReadLines(membership).FirstOrDefault(line => line.StartsWith("0::", StringComparison.Ordinal));
            if (own is null)
                return null;
            var ownPath = System.IO.Path.Join(root, own[3..]);
            // Once moved into its leaf, this process keeps its workers beside the leaf, in the cgroup it came from.
            var parent = System.IO.Path.GetFileName(ownPath.TrimEnd('/')) == MainLeaf ? System.IO.Path.GetDirectoryName(ownPath.TrimEnd('/'))! : ownPath;
            if (!HasWord(System.IO.Path.Combine(parent, "cgroup.controllers"), "memory"))
                return null;
            var subtree = System.IO.Path.Combine(parent, "cgroup.subtree_control");
            if (!HasWord(subtree, "memory") && !EnableMemory(parent, subtree))
                return null;
            created = System.IO.Path.Combine(parent, name);
            Directory.CreateDirectory(created);
            File.WriteAllText(System.IO.Path.Combine(created, "memory.max"), bytes.ToString(CultureInfo.InvariantCulture));
            NoSwap(created);
            return new MemoryCgroup(created);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (created is not null)
                TryRemove(created);
            return null;
        }
    }

    /// <summary>Enables the memory controller for the children of <paramref name="parent"/>, moving this process into
    /// its own leaf first where it is the cgroup's only process; false where that is not possible.</summary>
    private static bool EnableMemory(string parent, string subtree)
    {
        try
        {
            File.WriteAllText(subtree, "+memory");
            return true;
        }
        catch (IOException) when (IsOnlyProcessIn(parent))
        {
            var leaf = System.IO.Path.Combine(parent, MainLeaf);
            Directory.CreateDirectory(leaf);
            if (!Join(leaf))
                return false;
            File.WriteAllText(subtree, "+memory");
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool IsOnlyProcessIn(string cgroup)
    {
        try
        {
            return File.ReadLines(System.IO.Path.Combine(cgroup, "cgroup.procs")).Where(l => l.Length > 0)
                .SequenceEqual([Environment.ProcessId.ToString(CultureInfo.InvariantCulture)]);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Moves the calling process into the cgroup at <paramref name="path"/>; false when it may not.</summary>
    public static bool Join(string path)
    {
        try
        {
            File.WriteAllText(System.IO.Path.Combine(path, "cgroup.procs"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Removes the cgroup once its processes have ended (the kernel refuses while one lives).</summary>
    public void Dispose() => TryRemove(Path);

    private static void TryRemove(string path)
    {
        try
        {
            Directory.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cgroup left behind holds no memory once its processes are gone; the next boot clears it.
        }
    }

    /// <summary>Keeps the kernel from swapping the trial out rather than stopping it at the cap, where swap is accounted.</summary>
    private static void NoSwap(string cgroup)
    {
        try
        {
            File.WriteAllText(System.IO.Path.Combine(cgroup, "memory.swap.max"), "0");
        }
        catch (IOException)
        {
            // No swap accounting on this kernel (the file does not exist), so no swap to forbid.
        }
    }

    private static bool HasWord(string file, string word) =>
        File.Exists(file) && File.ReadAllText(file).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Contains(word);
}
