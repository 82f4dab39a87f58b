#pragma once

#include "services/pipeline/face_pipeline.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace facecase {

// What to do with a booking photo in which the detector finds more than one face.
enum class SeveralFacesPolicy {
    EnrollLargest,  // enroll the largest face; the item is flagged several_faces
    Skip,           // enroll nothing; the item is several_faces
};

// How an enrollment runs. Plain value; the defaults suit mugshots.
struct EnrollmentOptions {
    QString gallery;            // name; created when missing if createGallery
    bool createGallery = true;
    PipelineOptions pipeline = mugshotPipelineOptions();
    int threads = 2;            // detect/align/embed workers (one FacePipeline each)
    SeveralFacesPolicy severalFaces = SeveralFacesPolicy::EnrollLargest;
    int batchSize = 64;          // the writer commits every batchSize items ...
    int batchMilliseconds = 1000;  // ... or this long after the first item of a batch
    int progressIntervalMs = 200;  // how often run() calls its progress handler
    QString actor;               // recorded in the job; the workspace's actor when empty

    // Booking photos have large faces: searching from 80 px is ~4x faster than the general
    // default of 40 px and loses none of them. Flip-averaged descriptors (the pipeline default).
    static PipelineOptions mugshotPipelineOptions();

    static QString policyName(SeveralFacesPolicy policy);  // "enroll-largest", "skip"
    static std::optional<SeveralFacesPolicy> policyFromName(const QString& name);

    // What the job row records (threads and batching are not: they change no result).
    QJsonObject toJson() const;
};

}  // namespace facecase
