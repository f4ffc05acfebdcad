using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>Health checks that live as long as the service, registered once per name.</summary>
internal static class HealthCheckRegistrationExtensions
{
    /// <summary>
    /// Adds the check <paramref name="name"/> unless it is already registered (a second <c>AddKafkaProducer</c> would
    /// otherwise add a duplicate name, which fails every probe). The check is created once and disposed with the
    /// service provider: the health service calls a registration's factory on every probe, so a factory that
    /// builds a client per call leaks that client's threads and sockets at the probe rate.
    /// </summary>
    public static void TryAddSingletonHealthCheck(this IHostApplicationBuilder builder, string name,
        Func<IServiceProvider, IHealthCheck> create, IEnumerable<string> tags)
    {
        var key = "DocStream.HealthChecks." + name;
        if (!builder.Properties.TryAdd(key, true))
        {
            return;
        }
        builder.Services.AddKeyedSingleton<IHealthCheck>(key, (sp, _) => create(sp));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            name, sp => sp.GetRequiredKeyedService<IHealthCheck>(key), failureStatus: null, tags));
    }
}
