import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { AppState } from './lib/state.svelte';

mount(App, { target: document.getElementById('app')!, props: { state: new AppState() } });
