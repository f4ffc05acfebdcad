using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace DocStream.ServiceDefaults.Kafka;

/// <summary>How DocStream logs a Kafka client's errors.</summary>
internal static class KafkaClientErrors
{
    /// <summary>
    /// librdkafka reports every failed reconnect; those are Debug, so an outage shows as one warning
    /// ("all brokers down") rather than a flood. Fatal errors are errors.
    /// </summary>
    public static void Log(ILogger logger, string client, Error error)
    {
        var level = error.IsFatal ? LogLevel.Error
            : error.Code is ErrorCode.Local_Transport or ErrorCode.Local_Resolve ? LogLevel.Debug
            : LogLevel.Warning;
        logger.Log(level, "Kafka {Client} error {Code}: {Reason}", client, error.Code, error.Reason);
    }
}
