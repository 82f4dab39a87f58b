#include "services/pipeline/pipeline_pool.h"

namespace facecase {

PipelinePool::PipelinePool(std::shared_ptr<const FaceModels> models) : m_models(std::move(models)) {}

PipelinePool::Lease::Lease(PipelinePool* pool, std::unique_ptr<FacePipeline> pipeline)
    : m_pool(pool), m_pipeline(std::move(pipeline)) {}

PipelinePool::Lease::~Lease() {
    if (m_pool && m_pipeline) m_pool->giveBack(std::move(m_pipeline));
}

Result<PipelinePool::Lease> PipelinePool::acquire() {
    {
        const std::lock_guard lock(m_mutex);
        if (!m_idle.empty()) {
            std::unique_ptr<FacePipeline> pipeline = std::move(m_idle.back());
            m_idle.pop_back();
            return Lease(this, std::move(pipeline));
        }
    }
    auto created = FacePipeline::create(m_models);  // outside the lock: ~50 ms
    if (!created) return created.error();
    return Lease(this, std::move(created.value()));
}

void PipelinePool::giveBack(std::unique_ptr<FacePipeline> pipeline) {
    const std::lock_guard lock(m_mutex);
    m_idle.push_back(std::move(pipeline));
}

}  // namespace facecase
