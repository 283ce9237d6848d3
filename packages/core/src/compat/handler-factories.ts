// The official SDK's create*Handler functions are its `handlers.*` helpers under other names;
// here too they are the very same functions, so options and inference cannot drift apart.
import { handlers } from "../definition/handlers.js";

/** Same as `handlers.handler(opts?, fn)`: a service handler with options. */
export const createServiceHandler: typeof handlers.handler = handlers.handler;
/** Same as `handlers.object.exclusive(opts?, fn)`: an exclusive virtual-object handler. */
export const createObjectHandler: typeof handlers.object.exclusive = handlers.object.exclusive;
/** Same as `handlers.object.shared(opts?, fn)`: a shared virtual-object handler. */
export const createObjectSharedHandler: typeof handlers.object.shared = handlers.object.shared;
/** Same as `handlers.workflow.workflow(opts?, fn)`: a workflow's `run` handler. */
export const createWorkflowHandler: typeof handlers.workflow.workflow = handlers.workflow.workflow;
/** Same as `handlers.workflow.shared(opts?, fn)`: a workflow's shared handler. */
export const createWorkflowSharedHandler: typeof handlers.workflow.shared =
  handlers.workflow.shared;
