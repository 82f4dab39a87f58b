#pragma once

#include "services/pipeline/face_pipeline.h"

#include <memory>
#include <mutex>
#include <vector>

namespace facecase {

// Hands out FacePipelines to whichever thread needs one, and takes them back, so short jobs on a
// thread pool (the GUI's detection and search jobs) don't pay ~50 ms of network set-up each time.
// A pipeline is used by one thread at a time (the lease's owner). Thread-safe.
class PipelinePool {
public:
    explicit PipelinePool(std::shared_ptr<const FaceModels> models);

    class Lease {
    public:
        Lease(Lease&&) noexcept = default;
        Lease& operator=(Lease&&) noexcept = default;
        ~Lease();
        FacePipeline& operator*() const { return *m_pipeline; }
        FacePipeline* operator->() const { return m_pipeline.get(); }

    private:
        friend class PipelinePool;
        Lease(PipelinePool* pool, std::unique_ptr<FacePipeline> pipeline);
        PipelinePool* m_pool = nullptr;
        std::unique_ptr<FacePipeline> m_pipeline;
    };

    // An idle pipeline, or a new one. The pool must outlive its leases.
    Result<Lease> acquire();
    const std::shared_ptr<const FaceModels>& models() const { return m_models; }

private:
    void giveBack(std::unique_ptr<FacePipeline> pipeline);

    std::shared_ptr<const FaceModels> m_models;
    std::mutex m_mutex;
    std::vector<std::unique_ptr<FacePipeline>> m_idle;
};

}  // namespace facecase
