using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MetaOpt.Isolation.TestStudies;

/// <summary>Trial 1 crashes in native code: libc's strlen reads address 0 (SIGSEGV).</summary>
public sealed class SegfaultStudy : ProbeStudy
{
    public override string Name => "probe-segfault";

    protected override void Misbehave(Trial trial) => _ = StringLength(IntPtr.Zero);

    [DllImport("libc", EntryPoint = "strlen")]
    private static extern nint StringLength(IntPtr text);
}

/// <summary>Trial 1 allocates (and touches) memory until it fails.</summary>
public sealed class MemoryStudy : ProbeStudy
{
    public override string Name => "probe-memory";

    protected override void Misbehave(Trial trial)
    {
        var blocks = new List<byte[]>();
        while (true)
        {
            var block = new byte[16 << 20];
            Array.Fill(block, (byte)1);
            blocks.Add(block);
        }
    }
}

/// <summary>Trial 1 allocates (and touches) native memory, which the managed heap's cap does not see, until it fails.</summary>
public sealed class NativeMemoryStudy : ProbeStudy
{
    public override string Name => "probe-native-memory";

    protected override unsafe void Misbehave(Trial trial)
    {
        const int block = 16 << 20;
        while (true)
        {
            var bytes = (byte*)System.Runtime.InteropServices.NativeMemory.Alloc(block);
            for (var i = 0; i < block; i += 4096)
                bytes[i] = 1;
        }
    }
}

/// <summary>Trial 1 starts a child process of its own and then hangs.</summary>
public sealed class HangStudy : ProbeStudy
{
    public override string Name => "probe-hang";

    protected override void Misbehave(Trial trial)
    {
        using var sleeper = Process.Start("sleep", "600");
        File.WriteAllText($"grandchild-{sleeper.Id}.pid", "");
        Thread.Sleep(Timeout.Infinite);
    }
}

/// <summary>Trial 1 writes a gigabyte to stdout and 100 numbered lines to stderr, then exits with code 3.</summary>
public sealed class FloodStudy : ProbeStudy
{
    public override string Name => "probe-flood";

    protected override void Misbehave(Trial trial)
    {
        var block = new byte[1 << 20];
        Array.Fill(block, (byte)'y');
        using (var stdout = Console.OpenStandardOutput())
            for (var i = 0; i < 1024; i++)
                stdout.Write(block);
        for (var i = 1; i <= 100; i++)
            Console.Error.WriteLine($"stderr line {i}");
        Environment.Exit(3);
    }
}

/// <summary>
/// Every trial waits while a file <c>hold</c> exists in the current folder (60 s at most), so a test can stop the run
/// while its workers are busy, then let a resumed run finish.
/// </summary>
public sealed class HoldStudy : ProbeStudy
{
    public const string HoldFile = "hold";

    public override string Name => "probe-hold";

    protected override bool MisbehavesOn(Trial trial) => true;

    protected override void Misbehave(Trial trial)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (File.Exists(HoldFile) && DateTime.UtcNow < until)
            Thread.Sleep(50);
    }
}

/// <summary>
/// Every trial records the device it was given, the <c>CUDA_VISIBLE_DEVICES</c> it saw and when it ran (ticks of
/// the UTC clock), sleeping a little so that trials overlap.
/// </summary>
public sealed class PlacementStudy : ProbeStudy
{
    public override string Name => "probe-placement";

    // Its workers run in the test's own folder.
    protected override bool DropsPidFile => false;

    protected override bool MisbehavesOn(Trial trial) => true;

    protected override void Misbehave(Trial trial)
    {
        trial.SetUserAttr("visible", Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES") ?? "");
        trial.SetUserAttr("seen_device", trial.Device ?? "");
        trial.SetUserAttr("start", DateTime.UtcNow.Ticks);
        Thread.Sleep(200);
        trial.SetUserAttr("end", DateTime.UtcNow.Ticks);
    }
}

/// <summary>
/// Every trial waits while a file <c>hold</c> exists (60 s at most) and then returns its value even if the run was
/// cancelled meanwhile, which it notes in a file <c>cancelled</c>: an objective that finishes what it started.
/// </summary>
public sealed class FinishStudy : ProbeStudy
{
    public override string Name => "probe-finish";

    protected override bool MisbehavesOn(Trial trial) => true;

    protected override void Misbehave(Trial trial)
    {
        using var noted = trial.CancellationToken.Register(() => File.WriteAllText("cancelled", ""));
        var until = DateTime.UtcNow.AddSeconds(60);
        while (File.Exists(HoldStudy.HoldFile) && DateTime.UtcNow < until)
            Thread.Sleep(50);
    }
}

/// <summary>Every trial suggests x a second time with another range: a mistake in the objective, the same in every trial.</summary>
public sealed class TwoRangesStudy : ProbeStudy
{
    public override string Name => "probe-two-ranges";

    protected override bool MisbehavesOn(Trial trial) => true;

    protected override void Misbehave(Trial trial) => trial.SuggestFloat("x", 0, 2);
}

/// <summary>Every trial records the <c>METAOPT_STORAGE</c> its process sees (empty when unset).</summary>
public sealed class EnvironmentStudy : ProbeStudy
{
    public const string StorageAttr = "storage_variable";

    public override string Name => "probe-environment";

    protected override bool MisbehavesOn(Trial trial) => true;

    protected override void Misbehave(Trial trial) =>
        trial.SetUserAttr(StorageAttr, Environment.GetEnvironmentVariable("METAOPT_STORAGE") ?? "");
}
