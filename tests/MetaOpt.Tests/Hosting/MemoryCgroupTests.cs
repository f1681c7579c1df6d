using MetaOpt.Hosting;

namespace MetaOpt.Tests.Hosting;

/// <summary>
/// The cgroup v2 memory cap against a folder laid out like the unified hierarchy: which machines get one, what is
/// written where, and how an out-of-memory kill is read back. (The kernel's side runs where cgroup v2 is mounted:
/// the isolation tests' native-memory study, and docs/isolation.md.)
/// </summary>
public sealed class MemoryCgroupTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("metaopt-cgroup-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void AWorkerCgroupIsMadeUnderTheOwnOneWithTheCapAndNoSwap()
    {
        var membership = Hierarchy("/system.slice/metaopt.service", controllers: "cpu io memory pids", subtree: "memory");

        using var cgroup = MemoryCgroup.TryCreate("w1", 200L << 20, _root, membership);

        Assert.NotNull(cgroup);
        Assert.Equal(Path.Combine(_root, "system.slice/metaopt.service", "w1"), cgroup.Path);
        Assert.Equal("209715200", File.ReadAllText(Path.Combine(cgroup.Path, "memory.max")));
        Assert.Equal("0", File.ReadAllText(Path.Combine(cgroup.Path, "memory.swap.max")));
    }

    [Fact]
    public void TheMemoryControllerIsEnabledForTheChildrenWhenItIsNotYet()
    {
        var membership = Hierarchy("/", controllers: "cpu memory", subtree: "cpu");

        Assert.NotNull(MemoryCgroup.TryCreate("w1", 1 << 30, _root, membership));

        Assert.Equal("+memory", File.ReadAllText(Path.Combine(_root, "cgroup.subtree_control")));
    }

    [Fact]
    public void OnceMovedIntoItsOwnLeafTheParentKeepsItsWorkersBesideTheLeaf()
    {
        var membership = Hierarchy("/system.slice/metaopt.service", controllers: "memory", subtree: "memory");
        File.WriteAllText(membership, $"0::/system.slice/metaopt.service/{MemoryCgroup.MainLeaf}\n");

        using var cgroup = MemoryCgroup.TryCreate("w2", 1 << 30, _root, membership);

        Assert.Equal(Path.Combine(_root, "system.slice/metaopt.service", "w2"), cgroup!.Path);
    }

    [Theory]
    [InlineData("1:name=systemd:/\n0::/", "cpu io pids")] // unified, but without the memory controller
    [InlineData("4:memory:/job\n1:cpu:/", "cpu memory")]   // cgroup v1 only: no "0::" line
    public void WithoutAUnifiedMemoryControllerThereIsNone(string cgroups, string controllers)
    {
        File.WriteAllText(Path.Combine(_root, "cgroup.controllers"), controllers);
        var membership = Path.Combine(_root, "self-cgroup");
        File.WriteAllText(membership, cgroups);

        Assert.Null(MemoryCgroup.TryCreate("w1", 1 << 30, _root, membership));
        Assert.Empty(Directory.GetDirectories(_root));
    }

    [Fact]
    public void AnOutOfMemoryKillIsReadFromTheCgroupsEvents()
    {
        using var cgroup = MemoryCgroup.TryCreate("w1", 1 << 30, _root, Hierarchy("/", "memory", "memory"))!;
        var events = Path.Combine(cgroup.Path, "memory.events");

        Assert.False(cgroup.OomKilled); // no events file yet
        File.WriteAllText(events, "low 0\nhigh 0\nmax 12\noom 1\noom_kill 0\n");
        Assert.False(cgroup.OomKilled);
        File.WriteAllText(events, "low 0\nhigh 0\nmax 31\noom 2\noom_kill 1\n");
        Assert.True(cgroup.OomKilled);
    }

    [Fact]
    public void AWorkerJoinsByWritingItsPid()
    {
        using var cgroup = MemoryCgroup.TryCreate("w1", 1 << 30, _root, Hierarchy("/", "memory", "memory"))!;

        Assert.True(MemoryCgroup.Join(cgroup.Path));

        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            File.ReadAllText(Path.Combine(cgroup.Path, "cgroup.procs")));
        Assert.False(MemoryCgroup.Join(Path.Combine(_root, "missing")));
    }

    /// <summary>Lays out this process's cgroup at <paramref name="own"/> and returns its membership file.</summary>
    private string Hierarchy(string own, string controllers, string subtree)
    {
        var folder = Path.Join(_root, own);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "cgroup.controllers"), controllers + "\n");
        File.WriteAllText(Path.Combine(folder, "cgroup.subtree_control"), subtree + "\n");
        var membership = Path.Combine(_root, "self-cgroup");
        File.WriteAllText(membership, $"0::{own}\n");
        return membership;
    }
}
