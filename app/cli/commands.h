#pragma once

#include <QStringList>

// One function per `facecase-cli` subcommand: parse its arguments, call core's services, print.
// `args` starts with the subcommand's name.
namespace facecase::cli {
int runDetect(const QStringList& args);
int runCompare(const QStringList& args);
int runEvaluatePairs(const QStringList& args);
int runCalibrate(const QStringList& args);
int runEvaluate(const QStringList& args);
int runBench(const QStringList& args);
int runBenchEnroll(const QStringList& args);  // `bench enroll`, dispatched by runBench
int runBenchSearch(const QStringList& args);  // `bench search`, dispatched by runBench
int runBenchGallerySearch(const QStringList& args);  // `bench gallery-search`, dispatched by runBench
int runBenchIndexUpdate(const QStringList& args);  // `bench index-update`, by runBench
int runEnroll(const QStringList& args);
int runGallery(const QStringList& args);
int runGallerySynth(const QStringList& args);  // `gallery synth`, dispatched by runGallery
int runGalleryRemoveImage(const QStringList& args);  // `gallery remove-image`, by runGallery
int runGalleryBackfillChips(const QStringList& args);  // `gallery backfill-chips`, by runGallery
int runJob(const QStringList& args);
int runCase(const QStringList& args);
int runCaseShow(const QStringList& args);  // `case show`, dispatched by runCase
int runCaseExport(const QStringList& args);        // `case export`, dispatched by runCase
int runCaseVerifyExport(const QStringList& args);  // `case verify-export`, dispatched by runCase
int runVerdict(const QStringList& args);
int runAudit(const QStringList& args);
int runSearch(const QStringList& args);
int runPurge(const QStringList& args);
int runPolicy(const QStringList& args);
int runAdmin(const QStringList& args);
int runWorkspace(const QStringList& args);  // `workspace copy`: a folder into an agency database  // `admin user add|list|disable`: agency database logins
}  // namespace facecase::cli
