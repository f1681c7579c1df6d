namespace MetaOpt.Execution;

/// <summary>Tells how many GPUs this machine has; injectable, so slot placement is tested without one.</summary>
public interface IGpuProbe
{
    /// <summary>The number of CUDA devices, numbered 0 to count − 1 as <c>cuda:N</c> names them.</summary>
    int CountGpus();
}
