#pragma once

#include "services/face_pipeline.h"

#include <QCommandLineParser>

#include <optional>

namespace facecase::cli {

// The pipeline options every analysing subcommand shares (--min-face, --flip).
void addPipelineOptions(QCommandLineParser& parser);
std::optional<PipelineOptions> pipelineOptionsFrom(const QCommandLineParser& parser);

}  // namespace facecase::cli
