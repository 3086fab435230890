/** The state machine the Map Run tests share: one Distributed Map whose children run one Task on each item. */
import type { MapState } from '../../../../local/engine/asl';
import type { StateMachineDefinition } from '../../../../local/engine/types';

export const MACHINE = 'arn:aws:states:us-east-1:000000000000:stateMachine:pipeline';
/** The children's Task resource; the tests' TaskIntegrations answer it. */
export const WORK = 'arn:aws:lambda:us-east-1:000000000000:function:work';

/** A Distributed Map (label `Items`) whose children run WORK on `{"item", "index"}`; `settings` adds to or overrides the Map. */
export const distributedMap = (settings: Partial<MapState> = {}, type: 'STANDARD' | 'EXPRESS' = 'STANDARD'): StateMachineDefinition => ({
  StartAt: 'Process items',
  States: {
    'Process items': {
      Type: 'Map',
      Label: 'Items',
      ItemSelector: { 'item.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index' },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: type },
        StartAt: 'Work',
        States: { Work: { Type: 'Task', Resource: WORK, End: true } },
      },
      End: true,
      ...settings,
    },
  },
});
