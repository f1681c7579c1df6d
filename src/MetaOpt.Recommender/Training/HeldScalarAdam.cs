using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace MetaOpt.Recommender.Training;

/// <summary>
/// Adam (Kingma and Ba; PyTorch's defaults, no weight decay) with every Scalar it hands to libtorch held until the
/// call returns. TorchSharp's own Adam converts its coefficients to Scalars implicitly, and the finalizer could free
/// one during the native call: seen as libtorch's "toFloat" check failing in add_ and addcdiv_ when several trials
/// trained at once (dotnet/TorchSharp#1496, as <see cref="MetaLearner"/>'s held meta-batch).
/// </summary>
internal sealed class HeldScalarAdam : IDisposable
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;

    private readonly Parameter[] _parameters;
    private readonly Tensor[] _firstMoments;
    private readonly Tensor[] _secondMoments;
    private readonly int[] _steps;
    private readonly double _lr;
    private readonly Scalar _beta1 = Beta1.ToScalar(), _oneMinusBeta1 = (1 - Beta1).ToScalar();
    private readonly Scalar _beta2 = Beta2.ToScalar(), _oneMinusBeta2 = (1 - Beta2).ToScalar();
    private readonly Scalar _epsilon = Epsilon.ToScalar();

    public HeldScalarAdam(IEnumerable<Parameter> parameters, double lr)
    {
        _parameters = [.. parameters];
        _lr = lr;
        using (no_grad())
        {
            _firstMoments = [.. _parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
            _secondMoments = [.. _parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
        }
        _steps = new int[_parameters.Length];
    }

    public void ZeroGrad()
    {
        using var scope = NewDisposeScope();
        foreach (var p in _parameters)
            p.grad?.zero_();
    }

    public void Step()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (_parameters[i].grad is not { } grad)
                continue;
            int step = ++_steps[i];
            using var correction2 = Math.Sqrt(1 - Math.Pow(Beta2, step)).ToScalar();
            using var stepSize = (-_lr / (1 - Math.Pow(Beta1, step))).ToScalar();
            _firstMoments[i].mul_(_beta1).add_(grad, _oneMinusBeta1);
            _secondMoments[i].mul_(_beta2).addcmul_(grad, grad, _oneMinusBeta2);
            var denominator = _secondMoments[i].sqrt().div_(correction2).add_(_epsilon);
            _parameters[i].addcdiv_(_firstMoments[i], denominator, stepSize);
        }
    }

    public void Dispose()
    {
        foreach (var moment in _firstMoments.Concat(_secondMoments))
            moment.Dispose();
        foreach (var scalar in new[] { _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _epsilon })
            scalar.Dispose();
    }
}
