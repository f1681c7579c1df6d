using MetaOpt.Samplers.Gp;

namespace MetaOpt.Tests.Gp;

public class UnitCubeSpaceTests
{
    private static readonly UnitCubeSpace Space = new(new Dictionary<string, Distribution>
    {
        ["lr"] = new FloatDistribution(1e-5, 1e-1, log: true),
        ["batch"] = new IntDistribution(16, 256, step: 16),
        ["algo"] = new CategoricalDistribution(["a", "b", "c"]),
    });

    [Fact]
    public void CoordinatesAreInNameOrderWithCategoricalsMarked()
    {
        Assert.Equal(["algo", "batch", "lr"], Space.Names);
        Assert.Equal([true, false, false], Space.IsCategorical);
        Assert.Equal([3, 0, 0], Space.ChoiceCounts);
    }

    [Fact]
    public void LogParameterIsUniformInLogSpace()
    {
        var lr = 2;
        Assert.Equal(0.5, Space.ToUnit(lr, 1e-3), 1e-12);
        Assert.Equal(0.25, Space.ToUnit(lr, 1e-4), 1e-12);
        Assert.Equal(1e-2, Space.FromUnit(lr, 0.75), 1e-12);
    }

    [Fact]
    public void SteppedIntegerIsPaddedByHalfAStepAndSnapped()
    {
        var batch = 1;
        // [16 − 8, 256 + 8] spans 256: every grid value owns 1/16 of the cube.
        Assert.Equal(8.0 / 256, Space.ToUnit(batch, 16), 1e-12);
        Assert.Equal(16, Space.FromUnit(batch, 0.0));
        Assert.Equal(256, Space.FromUnit(batch, 1.0));
        Assert.Equal(96, Space.FromUnit(batch, Space.ToUnit(batch, 100)));
        var snapped = Space.Snap([1.0, Space.ToUnit(batch, 100), 0.3]);
        Assert.Equal(Space.ToUnit(batch, 96), snapped[batch], 1e-12);
    }

    [Fact]
    public void CategoricalKeepsItsChoiceIndex()
    {
        Assert.Equal(2, Space.FromUnit(0, 1.8));
        Assert.Equal(0, Space.FromUnit(0, -0.4));
        Span<double> cube = [0.99, 0.5, 0.5];
        Space.FromCube(cube);
        Assert.Equal(2, cube[0]);
    }

    [Fact]
    public void EncodeExternalRejectsValuesOutsideTheSpace()
    {
        Assert.NotNull(Space.EncodeExternal(new Dictionary<string, object> { ["lr"] = 1e-3, ["batch"] = 32, ["algo"] = "b" }));
        Assert.Null(Space.EncodeExternal(new Dictionary<string, object> { ["lr"] = 1.0, ["batch"] = 32, ["algo"] = "b" }));
        Assert.Null(Space.EncodeExternal(new Dictionary<string, object> { ["lr"] = 1e-3, ["batch"] = 32, ["algo"] = "z" }));
        Assert.Null(Space.EncodeExternal(new Dictionary<string, object> { ["lr"] = 1e-3, ["algo"] = "b" }));
    }
}
