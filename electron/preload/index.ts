import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('drJobStatsVersion', '0.1.0');
