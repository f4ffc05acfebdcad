using DocStream.AppHost.Hosting;
using Xunit;

namespace DocStream.AppHost.Tests;

public sealed class InfrastructureModeSelectorTests
{
    private static string? NoRuntime() => null;
    private static string? Docker() => "docker";
    private static string? MustNotProbe() => throw new Xunit.Sdk.XunitException("The container runtime was probed although the mode was configured.");

    [Theory]
    [InlineData("containers", InfrastructureMode.Containers)]
    [InlineData("Emulators", InfrastructureMode.Emulators)]
    [InlineData("EXTERNAL", InfrastructureMode.External)]
    [InlineData(" external ", InfrastructureMode.External)]
    public void A_configured_mode_is_taken_as_is_in_any_case_without_probing_for_a_runtime(string configured, InfrastructureMode expected)
    {
        var (mode, reason) = InfrastructureModeSelector.Select(configured, isPublishMode: false, MustNotProbe);
        Assert.Equal(expected, mode);
        Assert.Contains(InfrastructureModeSelector.ConfigurationKey, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("auto")]
    [InlineData("AUTO")]
    public void Without_a_mode_a_machine_whose_container_runtime_answers_runs_the_containers(string? configured)
    {
        var (mode, reason) = InfrastructureModeSelector.Select(configured, isPublishMode: false, Docker);
        Assert.Equal(InfrastructureMode.Containers, mode);
        Assert.Contains("docker", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_mode_a_machine_without_a_container_runtime_runs_the_emulators()
    {
        var (mode, _) = InfrastructureModeSelector.Select("auto", isPublishMode: false, NoRuntime);
        Assert.Equal(InfrastructureMode.Emulators, mode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("auto")]
    public void Publishing_without_a_mode_deploys_the_containers_even_where_no_runtime_answers(string? configured)
    {
        var (mode, reason) = InfrastructureModeSelector.Select(configured, isPublishMode: true, MustNotProbe);
        Assert.Equal(InfrastructureMode.Containers, mode);
        Assert.Contains("publishing", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("containers", InfrastructureMode.Containers)]
    [InlineData("external", InfrastructureMode.External)]
    public void Publishing_honours_a_configured_containers_or_external_mode(string configured, InfrastructureMode expected) =>
        Assert.Equal(expected, InfrastructureModeSelector.Select(configured, isPublishMode: true, MustNotProbe).Mode);

    [Fact]
    public void Publishing_with_the_emulators_fails_with_a_message_that_says_what_to_do()
    {
        var error = Assert.Throws<InvalidOperationException>(() => InfrastructureModeSelector.Select("emulators", isPublishMode: true, MustNotProbe));
        Assert.Contains("never deployed", error.Message, StringComparison.Ordinal);
        Assert.Contains("containers", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kubernetes")]
    [InlineData("1")]
    [InlineData("containers,external")]
    [InlineData("container")]
    public void An_invalid_mode_fails_with_the_key_the_value_and_the_valid_choices(string configured)
    {
        var error = Assert.Throws<InvalidOperationException>(() => InfrastructureModeSelector.Select(configured, isPublishMode: false, MustNotProbe));
        Assert.Contains($"DocStream:Infrastructure is '{configured}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("use auto, containers, emulators or external", error.Message, StringComparison.Ordinal);
    }
}
