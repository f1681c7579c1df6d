using TorchSharp;
using static TorchSharp.torch;

namespace MetaOpt.Recommender.Tests;

public sealed class NativeRuntimeTests
{
    // Fails with a TypeInitializationException when the build did not patch libLibTorchSharp.so for Debian 12.
    [Fact]
    public void TorchSharpInitialisesAndRunsABackwardPass()
    {
        using var scope = NewDisposeScope();
        var w = tensor(new[] { 1.0, -2.0, 3.0 }, dtype: float64).requires_grad_();
        var loss = (w * w).sum();
        loss.backward();
        Assert.Equal(new[] { 2.0, -4.0, 6.0 }, w.grad!.data<double>().ToArray());
    }
}
