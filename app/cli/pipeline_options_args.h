#pragma once

#include "services/pipeline/face_pipeline.h"

#include <QCommandLineParser>

#include <optional>

namespace facecase::cli {

// The pipeline options every analysing subcommand shares (--min-face, --flip).
void addPipelineOptions(QCommandLineParser& parser);
std::optional<PipelineOptions> pipelineOptionsFrom(const QCommandLineParser& parser);

// What the commands that analyse a whole labeled photo folder share (calibrate, evaluate):
// --threads N (default: all cores), --json (its help given), and the pipeline options.
void addBatchOptions(QCommandLineParser& parser, const QString& jsonHelp);
struct BatchOptions {
    PipelineOptions pipeline;
    int threads = 1;
};
// After parsing: --labeled and --out given (a usage error naming `command` and what --out is,
// e.g. "FILE"), and the batch options read. nullopt after printing why.
std::optional<BatchOptions> labeledBatchFrom(const QCommandLineParser& parser, const char* command,
                                             const char* outIs);

}  // namespace facecase::cli
