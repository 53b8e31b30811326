import Lakehouse

/// The task runners the CLI executes runs with.
///
/// Pipeline tasks: the Jobs module does not depend on the pipeline module, so this is where
/// the pipeline runner is plugged in. Until the pipeline module is part of the build, pipeline
/// tasks fail with "pipeline tasks need the pipeline module". To wire it, replace
/// `TaskRunners.pipelineUnavailable` with a closure that runs `task.pipeline` (resolved with
/// `context.resolvePath`, honouring `task.fullRefresh`) through the pipeline module, using
/// engines from `context.makeEngine()` so commits carry the job and run ids, checking
/// `context.isStopRequested` between flows and throwing to fail the task.
enum LakeTaskRunners {
    static func make() -> TaskRunners {
        TaskRunners(pipeline: TaskRunners.pipelineUnavailable)
    }
}
