#pragma once

#include "services/pipeline/face_models.h"
#include "services/pipeline/face_pipeline.h"
#include "types/result.h"

#include <QCommandLineParser>
#include <QJsonObject>
#include <QStringList>

#include <memory>
#include <optional>

namespace facecase::cli {

// Exit codes, documented in `facecase-cli --help` and docs/cli.md.
enum ExitCode : int {
    kExitOk = 0,
    kExitInputProblem = 1,  // the command ran, but an input could not be used (bad photo, no face)
    kExitUsage = 2,         // wrong arguments
    kExitSetup = 3,         // models missing or unusable: run installer/setup.sh
    kExitInternal = 4,      // a library failed unexpectedly
    kExitCancelled = 5,
    // A batch command (search, enroll, detect, …) did nothing: the batch as a whole was refused
    // before its first item (no or a closed case, an unknown gallery, an unreadable list, a list
    // length the policy refuses). Distinct from 1, where the batch ran and some items failed.
    kExitNotDone = 6,
};

int exitCodeFor(const Error& error);
// For an Error that ended a whole batch: as exitCodeFor(), but 6 instead of 1 (nothing done).
int batchExitCodeFor(const Error& error);

void printLine(const QString& text);       // stdout, flushed
void printError(const QString& text);      // stderr, "facecase-cli: " prefix
void printJson(const QJsonObject& object);  // one compact line on stdout

// Parses a subcommand's arguments (args[0] is the subcommand name); on failure prints why and
// the subcommand's help, and returns the exit code to use.
std::optional<int> parseOrExit(QCommandLineParser& parser, const QStringList& args);

// Loads the shared models once, printing a setup hint on failure.
Result<std::shared_ptr<const FaceModels>> loadModels();
// Models plus one pipeline for this thread, printing what went wrong on failure.
Result<std::unique_ptr<FacePipeline>> createPipeline();

// Reads a positive integer option; prints an error naming the option when it is not one.
std::optional<int> positiveIntOption(const QCommandLineParser& parser, const QString& name);

}  // namespace facecase::cli
